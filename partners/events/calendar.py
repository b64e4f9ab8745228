"""iCalendar (RFC 5545): the feed of public events and one .ics per event, in the programme's time zone.

The public files never carry the online meeting URL; only the copy mailed to a registered participant
(`private=True`) does."""

from functools import cache

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from partners.core.i18n import programme_name
from partners.core.timeutil import local_zone
from partners.events.labels import FORMAT_LABELS
from partners.events.models import AttendanceMode, Event, EventStatus

ICAL_STATUS = {EventStatus.PUBLISHED: "CONFIRMED", EventStatus.FINISHED: "CONFIRMED",
               EventStatus.CANCELLED: "CANCELLED", EventStatus.DRAFT: "TENTATIVE"}


def calendar_bytes(events: list[Event], private: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//SDGs Partners//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", programme_name())
    calendar.add("x-wr-timezone", local_zone().key)
    calendar.add_component(_vtimezone(local_zone().key))
    for event in events:
        calendar.add_component(_vevent(event, private))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# A participant's copy of one event, by (event, sequence, last change, locale): every seat's confirmation mail
# carries it, and building it takes milliseconds. Derived data only, so each app server may keep its own.
_PARTICIPANT_COPIES: dict[tuple, bytes] = {}
_PARTICIPANT_COPIES_KEPT = 64


def participant_calendar_bytes(event: Event) -> bytes:
    """The event's .ics as mailed to a registered participant (with the online meeting URL)."""
    key = (event.id, event.ical_sequence, event.updated_at, event.status, str(get_locale()))
    copy = _PARTICIPANT_COPIES.get(key)
    if copy is None:
        if len(_PARTICIPANT_COPIES) >= _PARTICIPANT_COPIES_KEPT:
            _PARTICIPANT_COPIES.clear()
        copy = _PARTICIPANT_COPIES[key] = calendar_bytes([event], private=True)
    return copy


@cache
def _vtimezone(key: str) -> Timezone:
    """The zone's VTIMEZONE, built once per process: icalendar derives it from the zone's whole history of
    transitions, which took most of the time of a registration (its confirmation mail carries the .ics)."""
    return Timezone.from_tzid(key)


def ics_filename(event: Event) -> str:
    return f"event-{event.id}.ics"


def _vevent(event: Event, private: bool) -> VEvent:
    zone = local_zone()
    page = url_for("events.show", event_id=event.id, _external=True)
    vevent = VEvent()
    vevent.add("uid", event.ical_uid)
    vevent.add("sequence", event.ical_sequence)
    vevent.add("dtstamp", event.updated_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    vevent.add("status", ICAL_STATUS[event.status])
    vevent.add("url", page)
    vevent.add("location", _location(event))
    lines = [event.theme, event.speakers, event.description, page]
    if private and event.online_url and AttendanceMode.ONLINE in event.modes:
        lines.append(_("Online meeting: %(url)s", url=event.online_url))
    vevent.add("description", "\n\n".join(line for line in lines if line))
    return vevent


def _location(event: Event) -> str:
    if AttendanceMode.IN_PERSON in event.modes:
        place = " ".join(part for part in (event.venue, event.venue_address) if part)
        return place if AttendanceMode.ONLINE not in event.modes else f"{place} / {FORMAT_LABELS[event.format]}"
    return str(FORMAT_LABELS[event.format])
