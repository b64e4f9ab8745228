"""Public pages: upcoming and past events, an event's page, and the iCalendar feed and files."""

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import Row

from partners.core.fragments import fragment, visitor_page
from partners.core.timeutil import utcnow
from partners.events.calendar import calendar_bytes, ics_filename
from partners.events.forms import EventFilterForm
from partners.events.labels import event_label, seats_list
from partners.events.models import Event, EventFormat, EventKind
from partners.events.queries import (
    EventFilters,
    card_seats,
    event_cards,
    event_seats,
    is_public,
    public_event_page,
    public_events,
)
from partners.events.registration import own_registration, waitlist_position
from partners.events.rules import registration_closed_problem
from partners.events.text import render_markdown
from partners.extensions import db

bp = Blueprint("events", __name__, url_prefix="/events")
bp.add_app_template_global(event_label)
bp.add_app_template_global(seats_list)
bp.add_app_template_filter(render_markdown, "markdown")
PAGE_SIZE = 20
FEED_SIZE = 500


def public_event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not is_public(event):
        abort(404)
    return event


def public_event_page_or_404(event_id: int) -> Row:
    found = public_event_page(event_id)
    if found is None:
        abort(404)
    return found


def _list(upcoming: bool):
    # Without query arguments the filters are the defaults: the form is made only to draw the page (a kept
    # page is not drawn). With arguments it is made and checked first; the theme, whose choices come with the
    # events, is checked against them after.
    form = EventFilterForm(request.args) if request.args else None
    filters, page = _filters_and_page(form) if form and form.validate() else (EventFilters(), 1)
    rows, has_next, themes = event_cards(filters, upcoming, page, PAGE_SIZE)
    if form and not form.offer_themes(themes) and filters.theme:
        filters, page = EventFilters(), 1  # a theme nobody has published: the page ignores every filter
        rows, has_next, themes = event_cards(filters, upcoming, page, PAGE_SIZE)

    def render():
        drawn = form or _offering(EventFilterForm(request.args), themes)
        cards = [_card(row, card_seats(row, upcoming)) for row in rows]
        return render_template("events/list.html", form=drawn, filter_form=_filter_form(drawn), cards=cards,
                               upcoming=upcoming, page=page, has_next=has_next)
    # The path carries the filters and the page; the themes are the filter's choices; the cards are drawn from
    # their rows' values alone (their seats too), so the rows themselves are the rest of the key.
    return visitor_page(("events", tuple(themes), *rows, has_next), render)


def _filters_and_page(form: EventFilterForm) -> tuple[EventFilters, int]:
    """What a valid form asks for (a theme still to be checked against the published ones)."""
    return EventFilters(
        kind=EventKind(form.kind.data) if form.kind.data else None, theme=form.theme.data or None,
        format=EventFormat(form.format.data) if form.format.data else None,
        month=date(int(form.month.data[:4]), int(form.month.data[5:]), 1) if form.month.data else None,
    ), form.page.data or 1


def _offering(form: EventFilterForm, themes: list[str]) -> EventFilterForm:
    form.offer_themes(themes)
    return form


def _card_shown(event, seats: dict | None) -> tuple:
    """Everything of an event its card shows."""
    return (event.id, event.title, event.starts_at, event.kind, event.format, event.status, event.theme,
            _seats_shown(seats))


def _card(event, seats: dict | None):
    """An event's card in the list, rendered once per language and per everything it shows."""
    return fragment(("card", *_card_shown(event, seats)),
                    lambda: render_template("events/_card.html", event=event, seats=seats))


def _shown(event: Row, seats: dict) -> tuple:
    """Everything of the event its page shows."""
    return (event.id, event.title, event.status, event.kind, event.theme, event.starts_at, event.ends_at,
            event.format, event.venue, event.venue_address, event.speakers, event.audience, event.certifies,
            event.description, _seats_shown(seats))


def _about(event: Row):
    """What the event's page tells everyone (facts, seats, description), rendered once per language and per
    everything it shows; who is asking (their registration) is drawn around it."""
    seats = event_seats(event)
    return fragment(("about", *_shown(event, seats)),
                    lambda: render_template("events/_about.html", event=event, seats=seats))


def _seats_shown(seats: dict | None) -> tuple:
    return tuple((mode, seat.capacity, seat.taken, seat.waiting) for mode, seat in (seats or {}).items())


def _filter_form(form: EventFilterForm):
    """The filters as the visitor set them: the same for everyone who asks the same."""
    themes = tuple(choice.value for choice in form.theme.choices)  # the only choices that come from the data
    shown = (themes, *((field.data, tuple(map(str, field.errors)))
                       for field in (form.kind, form.theme, form.format, form.month)))
    return fragment(("filters", *shown), lambda: render_template("events/_filters.html", form=form))


@bp.get("/")
def upcoming():
    return _list(upcoming=True)


@bp.get("/past")
def past():
    return _list(upcoming=False)


@bp.get("/<int:event_id>")
def show(event_id: int):
    event = public_event_page_or_404(event_id)
    closed = registration_closed_problem(event, utcnow())
    if not current_user.is_authenticated:
        # The page is drawn from the event's row alone (its seats too): the row is the key of a visitor's page.
        return visitor_page(("event", *event, closed), lambda: render_template(
            "events/show.html", event=event, about=_about(event), closed=closed))
    registration = own_registration(event.id, current_user)
    return render_template("events/show.html", event=event, about=_about(event),
                           registration=registration, position=registration and waitlist_position(registration),
                           closed=closed)


@bp.get("/<int:event_id>/calendar.ics")
def event_ics(event_id: int):
    event = public_event_or_404(event_id)
    return _calendar_response(calendar_bytes([event]), ics_filename(event))


@bp.get("/calendar.ics")
def feed():
    """Every public event (cancelled ones too, so that subscribed calendars drop them); never an online URL."""
    events, _more = public_events(EventFilters(), upcoming=True, page=1, size=FEED_SIZE)
    recent, _more = public_events(EventFilters(), upcoming=False, page=1, size=FEED_SIZE)
    return _calendar_response(calendar_bytes(events + recent), "events.ics")


def _calendar_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.max_age = 300
    return response
