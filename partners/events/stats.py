"""Counts of events and participation for staff reports and the KPI: one question per function, one query each.

Years are **fiscal years (年度)**, as the city reports them: fiscal year N runs from 1 April of N to 31 March of
N + 1, in the programme's time zone (Asia/Tokyo). An event belongs to the fiscal year of the day it starts.
Only anonymous counts are read here, so they stay the same after people's data is erased."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, select

from partners.core.timeutil import local_date, start_of_local_day, utcnow
from partners.events.models import (
    AttendanceMode,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from partners.extensions import db
from partners.members.models import Partner, PartnerKind

FISCAL_YEAR_STARTS = 4  # April
R = RegistrationStatus
# Events that took place (or are taking place): published and not cancelled.
HELD_STATUSES = (EventStatus.PUBLISHED, EventStatus.FINISHED)


@dataclass
class Participation:
    """Registrations that held a seat, and of those who came and who did not. A registration of an event still
    under way that nobody has marked yet counts as registered only."""

    registered: int = 0
    attended: int = 0
    no_shows: int = 0


def fiscal_year_of(day: date) -> int:
    """The fiscal year (年度) `day` falls in: 2024 for 2024-04-01 up to 2025-03-31."""
    return day.year if day.month >= FISCAL_YEAR_STARTS else day.year - 1


def current_fiscal_year() -> int:
    return fiscal_year_of(local_date(utcnow()))


def fiscal_year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of fiscal year `year` and of the next one (midnight, Asia/Tokyo), as aware UTC."""
    return (start_of_local_day(date(year, FISCAL_YEAR_STARTS, 1)),
            start_of_local_day(date(year + 1, FISCAL_YEAR_STARTS, 1)))


def _held_in(year: int, now: datetime):
    """Events held in fiscal year `year`: published or finished (never cancelled), starting in the year and
    before `now`."""
    start, end = fiscal_year_bounds(year)
    return and_(Event.status.in_(HELD_STATUSES), Event.starts_at >= start, Event.starts_at < end,
                Event.starts_at <= now)


def events_held(year: int, now: datetime | None = None) -> dict[tuple[EventKind, EventFormat], int]:
    """Events held in fiscal year `year` (see `_held_in`), by kind and format."""
    rows = db.session.execute(select(Event.kind, Event.format, func.count())
                              .where(_held_in(year, now or utcnow())).group_by(Event.kind, Event.format))
    return {(EventKind(kind), EventFormat(format_)): number for kind, format_, number in rows}


def participation(year: int, now: datetime | None = None) -> dict[tuple[EventKind, AttendanceMode], Participation]:
    """People at the events held in fiscal year `year` (see `_held_in`), by event kind and the way each person
    attended (in person or online): registered = holding a seat (registered, attended or did not attend; the
    waiting list and cancellations do not count), attended, did not attend."""
    rows = db.session.execute(
        select(Event.kind, Registration.mode, func.count(),
               func.count(case((Registration.status == R.ATTENDED, 1))),
               func.count(case((Registration.status == R.NO_SHOW, 1))))
        .join(Event, Event.id == Registration.event_id)
        .where(_held_in(year, now or utcnow()), Registration.status.in_((R.REGISTERED, R.ATTENDED, R.NO_SHOW)))
        .group_by(Event.kind, Registration.mode)
    )
    return {(EventKind(kind), AttendanceMode(mode)): Participation(registered, attended, no_shows)
            for kind, mode, registered, attended, no_shows in rows}


def individuals_certified_through_lectures(year: int) -> int:
    """Individual partners certified in fiscal year `year` (their certification time, Asia/Tokyo) by attending a
    certifying lecture: their attendance was recorded no later than the certification (staff certifying someone
    by hand who attends a lecture afterwards is not counted). Withdrawn partners stay counted: the count is of
    certifications, anonymous."""
    start, end = fiscal_year_bounds(year)
    return db.session.scalar(
        select(func.count(func.distinct(Partner.id)))
        .join(Registration, Registration.partner_id == Partner.id)
        .join(Event, Event.id == Registration.event_id)
        .where(Partner.kind == PartnerKind.INDIVIDUAL, Partner.certified_at >= start, Partner.certified_at < end,
               Event.kind == EventKind.LECTURE, Event.certifies.is_(True), Registration.status == R.ATTENDED,
               Registration.attended_at <= Partner.certified_at)
    )


def event_participation(event_id: int) -> dict[AttendanceMode, Participation]:
    """One event's registered, attended and did-not-attend counts per way of attending (definitions as in
    `participation`)."""
    result: dict[AttendanceMode, Participation] = defaultdict(Participation)
    rows = db.session.execute(
        select(Registration.mode, Registration.status, func.count())
        .where(Registration.event_id == event_id, Registration.status.in_((R.REGISTERED, R.ATTENDED, R.NO_SHOW)))
        .group_by(Registration.mode, Registration.status)
    )
    for mode, status, number in rows:
        counts = result[AttendanceMode(mode)]
        counts.registered += number
        if status == R.ATTENDED:
            counts.attended += number
        elif status == R.NO_SHOW:
            counts.no_shows += number
    return dict(result)
