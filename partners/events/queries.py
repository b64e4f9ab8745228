"""The lists of events, each answered in a fixed number of queries whatever its length, and seat counts."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Row, Select, bindparam, case, func, literal_column, select
from sqlalchemy.orm import selectinload

from partners.core.database import read_rows
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
from partners.events.seats import CAPACITY, SEATS_TAKEN
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


def _published(event) -> tuple:
    return (event.published_at.is_not(None), _one_of(event.status, PUBLIC_STATUSES))


# The public pages' statements are built once, with their varying values as parameters: building a statement
# (coercing every column, operator and value) took longer than SQLite took to answer it.
_PUBLISHED = _published(Event)
_THEMES = select(Event.theme).distinct().where(*_PUBLISHED, Event.theme != "")
# Every published theme joined in one string, a column of each row of a list's page: the theme filter's choices
# come with the cards instead of in a statement of their own. A theme is one line of text (`normalise_text`), so a
# line break never occurs in one. The separator is written into the statement (as a parameter, SQLAlchemy would
# write it in on every execution). The themes are read from an alias of the table, which the page's own rows never
# correlate with; the database answers the uncorrelated subquery once per statement, not per row.
THEME_SEPARATOR = "\n"
_themed = Event.__table__.alias("themed").c  # the table's alias: aliasing the mapped class at import would
# configure every mapper before all the models are imported
_distinct_themes = select(_themed.theme).distinct().where(*_published(_themed), _themed.theme != "").subquery()
_ALL_THEMES = (select(func.aggregate_strings(_distinct_themes.c.theme, literal_column(f"'{THEME_SEPARATOR}'")))
               .scalar_subquery().label("themes"))


def _seat_columns(mode: AttendanceMode) -> tuple:
    """Seats taken and people waiting for one way of attending the event of the row. The seats taken are the
    event's own counter (`partners.events.seats`: it equals the registrations holding a seat); the waiting list
    is counted from the registrations' (event, mode, status) index, and only where the event offers that way of
    attending and no seat is left, as nobody waits while a seat is free (a freed seat goes to the first in line
    at once). Counting both for every event of a list was most of PostgreSQL's work on the events list: four
    subqueries a card; an in-person event's online capacity is empty, which reads as full."""
    taken, capacity = Event.__table__.c[SEATS_TAKEN[mode]], Event.__table__.c[CAPACITY[mode]]
    waiting = (select(func.count()).where(Registration.event_id == Event.id, Registration.mode == mode,
                                          Registration.status == RegistrationStatus.WAITLISTED)
               .correlate(Event).scalar_subquery())
    offered = _one_of(Event.format, [form for form, modes in MODES_OF_FORMAT.items() if mode in modes])
    return (taken.label(f"{mode}_taken"),
            case((offered & (taken >= func.coalesce(capacity, 0)), waiting), else_=0).label(f"{mode}_waiting"))


_SEAT_COLUMNS = tuple(column for mode in AttendanceMode for column in _seat_columns(mode))
# What an event's card in the list shows, and what its seats are counted from: the list reads nothing else, and
# reads it as plain rows (a card is drawn from a row's values; making ORM objects was most of the query's time).
_CARD_COLUMNS = (Event.id, Event.title, Event.starts_at, Event.kind, Event.format, Event.status, Event.theme,
                 Event.capacity_in_person, Event.capacity_online)
# What a public event's page shows, and what says whether registration is open: never the online URL.
_PAGE_COLUMNS = (Event.id, Event.title, Event.status, Event.kind, Event.theme, Event.starts_at, Event.ends_at,
                 Event.format, Event.venue, Event.venue_address, Event.speakers, Event.audience, Event.certifies,
                 Event.description, Event.registration_opens_at, Event.registration_closes_at,
                 Event.capacity_in_person, Event.capacity_online)
_EVENT_PAGE = select(*_PAGE_COLUMNS, *_SEAT_COLUMNS).where(Event.id == bindparam("event_id"), *_PUBLISHED)


# The filters, each a condition on a parameter of the same name.
_FILTERED = {
    "kind": (Event.kind == bindparam("kind"),),
    "theme": (Event.theme == bindparam("theme"),),
    "format": (Event.format == bindparam("format"),),
    "month": (Event.starts_at >= bindparam("month_starts"), Event.starts_at < bindparam("month_ends")),
}


@lru_cache(maxsize=256)
def _listed(upcoming: bool, cards: bool, filtered: tuple[str, ...], offset: int, limit: int) -> Select:
    """A list's statement for the filters set (their values are parameters) and the page's bounds: built once
    per combination of them (the most asked, the first page unfiltered, always kept). Cards are plain rows, with
    every published theme; otherwise ORM events."""
    if not cards:
        columns = (Event,)
    elif upcoming:  # upcoming cards show their seats; past ones do not
        columns = (*_CARD_COLUMNS, *_SEAT_COLUMNS, _ALL_THEMES)
    else:
        columns = (*_CARD_COLUMNS, _ALL_THEMES)
    query = select(*columns).where(*_PUBLISHED, *(condition for name in filtered for condition in _FILTERED[name]))
    if upcoming:
        query = query.where(Event.ends_at >= bindparam("now")).order_by(Event.starts_at, Event.id)
    else:
        query = query.where(Event.ends_at < bindparam("now")).order_by(Event.starts_at.desc(), Event.id.desc())
    # The page's bounds are written into the statement: with them as parameters PostgreSQL never settled on a
    # generic plan for a list, so it planned the statement anew on every request (0 generic plans in 45 runs),
    # most of its work on the page; written in at each execution by SQLAlchemy (literal_execute), they cost the
    # app server a twentieth of the page.
    return query.offset(literal_column(str(int(offset)))).limit(literal_column(str(int(limit))))


def public_themes() -> list[str]:
    """Every published theme, in order."""
    return sorted(theme for theme, in read_rows(_THEMES, {}))


def public_events(filters: EventFilters, upcoming: bool, page: int, size: int) -> tuple[list[Event], bool]:
    """Upcoming events soonest first, or past ones latest first; one query. The second value says whether
    there is a next page."""
    statement, parameters = _list_statement(filters, upcoming, False, page, size)
    rows = db.session.scalars(statement, parameters).all()
    return rows[:size], len(rows) > size


def event_cards(filters: EventFilters, upcoming: bool, page: int, size: int) -> tuple[list[Row], bool, list[str]]:
    """As `public_events`, as plain rows of what the list's cards show (id, title, starts_at, kind, format,
    status, theme; an upcoming event's seats are counted from the rest, `card_seats`), and every published theme
    in order (the theme filter's choices): one query, two for a page with no events (the themes come with the
    rows)."""
    rows = read_rows(*_list_statement(filters, upcoming, True, page, size))
    if not rows:
        return [], False, public_themes()
    return rows[:size], len(rows) > size, sorted(rows[0].themes.split(THEME_SEPARATOR)) if rows[0].themes else []


def card_seats(row: Row, upcoming: bool) -> dict[AttendanceMode, Seats] | None:
    """The seats a card of `event_cards` shows: those of an upcoming published event (not a cancelled one), else
    None (a past event's row has no seats)."""
    return event_seats(row) if upcoming and row.status == EventStatus.PUBLISHED else None


def public_event_page(event_id: int) -> Row | None:
    """What a public event's page shows, as a plain row (its seats are counted from it, `event_seats`), in one
    query; None for an unknown id or an event that is not public (`is_public`)."""
    rows = read_rows(_EVENT_PAGE, {"event_id": event_id})
    return rows[0] if rows else None


def _list_statement(filters: EventFilters, upcoming: bool, cards: bool, page: int, size: int) -> tuple[Select, dict]:
    """A list's statement for the filters and its parameters, one row more than the page to tell whether
    another page follows."""
    parameters = {"now": utcnow()}
    for name in ("kind", "theme", "format"):
        if getattr(filters, name):
            parameters[name] = getattr(filters, name)
    if filters.month:
        following = date(filters.month.year + filters.month.month // 12, filters.month.month % 12 + 1, 1)
        parameters |= {"month_starts": start_of_local_day(filters.month),
                       "month_ends": start_of_local_day(following)}
    filtered = tuple(name for name in _FILTERED if getattr(filters, name))
    return _listed(upcoming, cards, filtered, (page - 1) * size, size + 1), parameters


def event_seats(row: Row) -> dict[AttendanceMode, Seats]:
    """Seats per way of the event's format of attending, from a row with its format, its capacities and the
    `_SEAT_COLUMNS` (a row of `public_event_page`, or of an upcoming list's `event_cards`)."""
    values = row._mapping
    return {mode: Seats(values[CAPACITY[mode]] or 0, values[f"{mode}_taken"], values[f"{mode}_waiting"])
            for mode in MODES_OF_FORMAT[row.format]}


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
