"""An event's seats per way of attending: a counter on the event's row (`Event.seats_taken_*`) that equals the
registrations holding a seat (registered, attended, no-show), and the lock every change to seats runs under.

A sign-up takes its seat with one conditional UPDATE of the counter (`take_seat`) as its last statement before
the commit, after everything else is done (its row and its mail): the event's row is locked only from that
statement to the commit, so sign-ups at the same moment queue for that long, not for a whole request. Anything
else that takes or frees seats (cancelling, the waiting list, staff changing capacity or cancelling the event,
erasure, a group contact registering people) locks the row first (`lock_event`) and moves the counter with
`add_seats` in the same transaction as the registrations it changes.

The row is locked FOR NO KEY UPDATE, as an UPDATE of it locks it: a registration's foreign key takes a KEY SHARE
lock on its event, which this lock lets through, so sign-ups writing their rows are never held up by it."""

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from partners.core.database import begin_write
from partners.events.models import MODES_OF_FORMAT, AttendanceMode, Event, EventStatus
from partners.extensions import db

EVENTS = Event.__table__

SEATS_TAKEN = {AttendanceMode.IN_PERSON: "seats_taken_in_person", AttendanceMode.ONLINE: "seats_taken_online"}
CAPACITY = {AttendanceMode.IN_PERSON: "capacity_in_person", AttendanceMode.ONLINE: "capacity_online"}


def lock_event(event_id: int) -> Event:
    """Start a write transaction and lock the event's row: every change to its seats runs one at a time.
    Commits what the session held before (see `partners.core.database.begin_write`)."""
    begin_write(db.session)
    return lock_event_row(event_id)


def lock_event_row(event_id: int) -> Event:
    """Lock the event's row in the transaction under way and read it afresh (its seats as they are now)."""
    return db.session.execute(
        select(Event).where(Event.id == event_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one()


def _take_seat_statement(mode: AttendanceMode):
    taken, capacity = EVENTS.c[SEATS_TAKEN[mode]], EVENTS.c[CAPACITY[mode]]
    return (update(EVENTS)
            .where(EVENTS.c.id == bindparam("event_id"), EVENTS.c.status == EventStatus.PUBLISHED,
                   taken < func.coalesce(capacity, 0))
            .values({taken: taken + 1, EVENTS.c.updated_at: EVENTS.c.updated_at}))  # seats are no change to it


def _still_full_statement(mode: AttendanceMode):
    return (select(EVENTS.c.status, EVENTS.c[SEATS_TAKEN[mode]], EVENTS.c[CAPACITY[mode]])
            .where(EVENTS.c.id == bindparam("event_id")).with_for_update(key_share=True))


# A sign-up's statements on the event's row, per way of attending, built once and on the table (not the mapped
# class): building them and the ORM's handling of an UPDATE took more CPU than the statement itself.
_TAKE_SEAT = {mode: _take_seat_statement(mode) for mode in AttendanceMode}
_STILL_FULL = {mode: _still_full_statement(mode) for mode in AttendanceMode}


def take_seat(event_id: int, mode: AttendanceMode) -> bool:
    """Take one seat of `mode` if the event is published and has one free, in one statement that locks the row
    until the commit; False (and no lock held) when it has none. The event's objects in the session keep the
    count they had: read it again under `lock_event_row` where it matters."""
    return db.session.execute(_TAKE_SEAT[mode], {"event_id": event_id}).rowcount == 1


def still_full(event_id: int, mode: AttendanceMode) -> bool:
    """Lock the event's row until the commit and say whether it is still published with no seat of `mode` free:
    someone joining the waiting list then joins it knowing that nobody can free a seat before their commit (and
    promote people waiting without them). One statement, reading three columns."""
    status, seats, seats_in_all = db.session.execute(_STILL_FULL[mode], {"event_id": event_id}).one()
    return status == EventStatus.PUBLISHED and seats >= (seats_in_all or 0)


def has_free_seat(event: Event | Row, mode: AttendanceMode) -> bool:
    """Whether the event, or a row of its columns (`partners.events.registration.sign_up_event`), had a seat of
    `mode` free when it was read."""
    capacity = getattr(event, CAPACITY[mode]) if mode in MODES_OF_FORMAT[event.format] else 0
    return getattr(event, SEATS_TAKEN[mode]) < (capacity or 0)


def add_seats(event: Event, mode: AttendanceMode, number: int) -> None:
    """Move the counter of the event locked by `lock_event` by `number` (negative: seats freed). The event's
    time of last change stays: its calendar entry and pages do not change with its seats."""
    if not number:
        return
    column = SEATS_TAKEN[mode]
    counted = getattr(event, column)
    db.session.execute(
        update(Event).where(Event.id == event.id)
        .values({column: getattr(Event, column) + number, Event.updated_at: Event.updated_at})
        .execution_options(synchronize_session=False)
    )
    set_committed_value(event, column, counted + number)
