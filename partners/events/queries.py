"""The lists of events, each answered in a fixed number of queries whatever its length, and seat counts."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import selectinload

from partners.core.timeutil import start_of_local_day, utcnow
from partners.events.models import (
    MODES_OF_FORMAT,
    SEATED,
    AttendanceMode,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from partners.extensions import db

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.FINISHED, EventStatus.CANCELLED)


@dataclass
class EventFilters:
    kind: EventKind | None = None
    theme: str | None = None
    format: EventFormat | None = None
    month: date | None = None  # the first day of the month


@dataclass
class Seats:
    """Per way of attending: seats taken, people waiting, and seats left."""

    capacity: int
    taken: int = 0
    waiting: int = 0

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)


def is_public(event: Event) -> bool:
    return event.published_at is not None and event.status in PUBLIC_STATUSES


def _one_of(column, values):
    """`column IN (values)` for a fixed list, a bound parameter per value: a plain list is expanded anew on every
    execution, which took a third of the event page's query time."""
    return column.in_([bindparam(None, value, type_=column.type) for value in values])


# The public pages' statements are built once, with their varying values as parameters: building a statement
# (coercing every column, operator and value) took longer than SQLite took to answer it.
_PUBLISHED = (Event.published_at.is_not(None), _one_of(Event.status, PUBLIC_STATUSES))
_THEMES = select(Event.theme).distinct().where(*_PUBLISHED, Event.theme != "").order_by(Event.theme)


def _seat_count(mode: AttendanceMode, waiting: bool):
    """Seats taken (or people waiting) for one way of attending the event of the row, from the registrations'
    (event, mode, status) index: a page of events and its seats are one statement."""
    statuses = (RegistrationStatus.WAITLISTED,) if waiting else SEATED
    return (select(func.count()).where(Registration.event_id == Event.id, Registration.mode == mode,
                                       _one_of(Registration.status, statuses)).correlate(Event).scalar_subquery())


_SEAT_KEYS = tuple((mode, waiting) for mode in AttendanceMode for waiting in (False, True))
_SEAT_COLUMNS = tuple(_seat_count(mode, waiting).label(f"{mode}_{'waiting' if waiting else 'taken'}")
                      for mode, waiting in _SEAT_KEYS)
# What an event's card in the list shows, and what its seats are counted from: the list reads nothing else, and
# reads it as plain rows (a card is drawn from a row's values; making ORM objects was most of the query's time).
_CARD_COLUMNS = (Event.id, Event.title, Event.starts_at, Event.kind, Event.format, Event.status, Event.theme,
                 Event.capacity_in_person, Event.capacity_online)
_PAGE = (bindparam("offset"), bindparam("limit"))


def _listed(upcoming: bool, *columns):
    if upcoming:
        return (select(*columns).where(*_PUBLISHED, Event.ends_at >= bindparam("now"))
                .order_by(Event.starts_at, Event.id).offset(_PAGE[0]).limit(_PAGE[1]))
    return (select(*columns).where(*_PUBLISHED, Event.ends_at < bindparam("now"))
            .order_by(Event.starts_at.desc(), Event.id.desc()).offset(_PAGE[0]).limit(_PAGE[1]))


_EVENTS = {upcoming: _listed(upcoming, Event) for upcoming in (True, False)}
# Upcoming cards show their seats; past ones do not.
_CARDS = {True: _listed(True, *_CARD_COLUMNS, *_SEAT_COLUMNS), False: _listed(False, *_CARD_COLUMNS)}
_EVENT_WITH_SEATS = select(Event, *_SEAT_COLUMNS).where(Event.id == bindparam("event_id"))


def public_themes() -> list[str]:
    return list(db.session.scalars(_THEMES))


def public_events(filters: EventFilters, upcoming: bool, page: int, size: int) -> tuple[list[Event], bool]:
    """Upcoming events soonest first, or past ones latest first; one query. The second value says whether
    there is a next page."""
    rows = _page_of(_EVENTS[upcoming], filters, page, size).scalars().all()
    return rows[:size], len(rows) > size


def event_cards(filters: EventFilters, upcoming: bool, page: int,
                size: int) -> tuple[list[tuple[Row, dict[AttendanceMode, Seats] | None]], bool]:
    """As `public_events`, as rows of what the list's cards show (id, title, starts_at, kind, format, status,
    theme), each upcoming event with its seats (None for a past one); one query."""
    rows = _page_of(_CARDS[upcoming], filters, page, size).all()
    cards = [(row, _seats_in(row, MODES_OF_FORMAT[row.format], lambda mode, row=row: row._mapping[f"capacity_{mode}"]
                             or 0) if upcoming else None) for row in rows[:size]]
    return cards, len(rows) > size


def event_with_seats(event_id: int) -> tuple[Event, dict[AttendanceMode, Seats]] | None:
    """The event and its seats per way of attending, in one query; None for an unknown id."""
    row = db.session.execute(_EVENT_WITH_SEATS, {"event_id": event_id}).first()
    return (row.Event, _seats_in(row, row.Event.modes, row.Event.capacity)) if row else None


def _page_of(query, filters: EventFilters, page: int, size: int):
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.theme:
        query = query.where(Event.theme == filters.theme)
    if filters.format:
        query = query.where(Event.format == filters.format)
    if filters.month:
        following = date(filters.month.year + filters.month.month // 12, filters.month.month % 12 + 1, 1)
        query = query.where(Event.starts_at >= start_of_local_day(filters.month),
                            Event.starts_at < start_of_local_day(following))
    return db.session.execute(query, {"now": utcnow(), "offset": (page - 1) * size, "limit": size + 1})


def _seats_in(row, modes: tuple[AttendanceMode, ...], capacity: Callable[[AttendanceMode], int]):
    """Seats per way of attending, from a row with the `_SEAT_COLUMNS`."""
    counts = row._mapping
    return {mode: Seats(capacity(mode), counts[f"{mode}_taken"], counts[f"{mode}_waiting"]) for mode in modes}


def staff_events(page: int, size: int) -> tuple[list[Event], bool]:
    """Every event, latest start first; one query."""
    rows = list(db.session.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
                                   .offset((page - 1) * size).limit(size + 1)))
    return rows[:size], len(rows) > size


_SEAT_COUNTS = (select(Registration.event_id, Registration.mode, Registration.status, func.count())
                .where(Registration.event_id.in_(bindparam("event_ids", expanding=True)),
                       Registration.status.in_((*SEATED, RegistrationStatus.WAITLISTED)))
                .group_by(Registration.event_id, Registration.mode, Registration.status))


def seats_of(events: list[Event]) -> dict[int, dict[AttendanceMode, Seats]]:
    """Seats per event and way of attending, for any number of events in one query."""
    result: dict[int, dict[AttendanceMode, Seats]] = {
        event.id: {mode: Seats(event.capacity(mode)) for mode in event.modes} for event in events
    }
    if not events:
        return result
    counted = db.session.execute(_SEAT_COUNTS, {"event_ids": list(result)})
    totals: dict[tuple, int] = defaultdict(int)
    for event_id, mode, status, number in counted:
        totals[event_id, mode, status == RegistrationStatus.WAITLISTED] += number
    for event_id, modes in result.items():
        for mode, seats in modes.items():
            seats.taken = totals[event_id, mode, False]
            seats.waiting = totals[event_id, mode, True]
    return result


def registrations_of(event: Event) -> list[Registration]:
    """The event's registrations for staff, in order of arrival, with the people loaded; one query."""
    return list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                   .options(selectinload(Registration.user), selectinload(Registration.group_partner))
                                   .order_by(Registration.id)))
