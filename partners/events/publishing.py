"""Staff create, edit, publish, copy, cancel and finish events. Every change a calendar should pick up bumps
the event's iCalendar SEQUENCE."""

import uuid
from dataclasses import dataclass, fields
from datetime import datetime

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import utcnow
from partners.events import lifecycle
from partners.events.lifecycle import TransitionError
from partners.events.mails import mail_event_cancelled
from partners.events.models import (
    MODES_OF_FORMAT,
    AttendanceMode,
    Audience,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from partners.events.registration import promote_waiting
from partners.events.seats import add_seats, lock_event
from partners.extensions import db

# Sent when an event is finished, inside the same transaction: attendance (no-shows) and certification hook
# in here. Receivers get the event and `actor`.
event_finished = Namespace().signal("event-finished")


@dataclass
class EventData:
    """What staff enter for an event; already cleaned by the form, times aware."""

    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime
    format: EventFormat
    theme: str = ""
    description: str = ""
    speakers: str = ""
    venue: str = ""
    venue_address: str = ""
    online_url: str = ""
    capacity_in_person: int | None = None
    capacity_online: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    audience: Audience = Audience.ANYONE
    certifies: bool = False

    @classmethod
    def of(cls, event: Event) -> "EventData":
        return cls(**{field.name: getattr(event, field.name) for field in fields(cls)})


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@sdgs-partners"


def create_event(data: EventData, actor: User) -> Event:
    event = Event(status=EventStatus.DRAFT, ical_uid=new_ical_uid(), ical_sequence=0, created_by_id=actor.id)
    _fill(event, data)
    db.session.add(event)
    lifecycle.record_initial_status(event, actor)
    db.session.flush()
    record(actor, "event.create", "event", event.id)
    return event


def update_event(event_id: int, data: EventData, actor: User) -> Event:
    """Save staff's edit under the event's lock: a raised capacity promotes people from the waiting list
    straight away, and a format can only drop a way of attending that nobody is registered for."""
    event = lock_event(event_id)
    lifecycle.require_editable(event)
    dropped = set(event.modes) - set(MODES_OF_FORMAT[data.format])
    if dropped and _open_registrations(event, dropped):
        raise TransitionError(_l("People are registered to attend this way; the format cannot drop it."))
    _fill(event, data)
    event.ical_sequence += 1
    record(actor, "event.edit", "event", event.id)
    if event.status == EventStatus.PUBLISHED:
        for mode in event.modes:
            promote_waiting(event, mode)
    return event


def publish(event_id: int, actor: User) -> Event:
    event = lock_event(event_id)
    lifecycle.change_status(event, EventStatus.PUBLISHED, actor)
    event.published_at = utcnow()
    event.ical_sequence += 1
    record(actor, "event.publish", "event", event.id)
    return event


def cancel_event(event_id: int, actor: User, reason: str) -> int:
    """Cancel the event and every registration on it, and mail each registrant (and each person waiting).
    Returns how many were mailed."""
    event = lock_event(event_id)
    lifecycle.change_status(event, EventStatus.CANCELLED, actor, reason)
    event.ical_sequence += 1
    record(actor, "event.cancel", "event", event.id)
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id,
        Registration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)),
    ).order_by(Registration.id)).all()
    now = utcnow()
    for registration in registrations:
        if registration.status == RegistrationStatus.REGISTERED:
            add_seats(event, registration.mode, -1)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        mail_event_cancelled(registration, reason)
    return len(registrations)


def copy_event(event_id: int, actor: User) -> Event:
    """A new draft with the same details (staff then set the new dates): the next lecture of a series."""
    source = db.session.get(Event, event_id)
    return create_event(EventData.of(source), actor)


def finish_event(event_id: int, actor: User) -> Event:
    """Close a held event. Receivers of `event_finished` (attendance, certification) run in the same
    transaction."""
    event = lock_event(event_id)
    if event.status == EventStatus.PUBLISHED and event.starts_at > utcnow():
        raise TransitionError(_l("An event can only be finished once it has started."))
    lifecycle.change_status(event, EventStatus.FINISHED, actor)
    record(actor, "event.finish", "event", event.id)
    event_finished.send(event, actor=actor)
    return event


def _open_registrations(event: Event, modes: set[AttendanceMode]) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.mode.in_(modes),
        Registration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)),
    ))


def _fill(event: Event, data: EventData) -> None:
    for field in fields(EventData):
        setattr(event, field.name, getattr(data, field.name))
    if AttendanceMode.IN_PERSON not in event.modes:
        event.capacity_in_person = None
    if AttendanceMode.ONLINE not in event.modes:
        event.capacity_online = None
        event.online_url = ""
