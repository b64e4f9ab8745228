"""Actuals read from the data. Each computation answers for one day (the end of it, Asia/Tokyo); an indicator
names its computation in `Indicator.computed`. Event and collaboration counts run over the fiscal year (April to
March) that the day falls in, up to that day, as the events reports count them."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from partners.activities.models import ActivityKind, ActivityReport
from partners.awards.models import (
    ApplicationStatus,
    AwardApplication,
    AwardDecision,
    AwardGiven,
    AwardRound,
    RoundStatus,
)
from partners.core.timeutil import local_date, start_of_local_day
from partners.events import services as events
from partners.events.models import EventKind
from partners.extensions import db
from partners.kpi.participation import participation_rate
from partners.members.models import PartnerKind
from partners.members.stats import count_active
from partners.portal.stats import collaborations_started


def _end_of(day: date):
    return start_of_local_day(day + timedelta(days=1))


def lectures_held(as_of: date) -> Decimal:
    held = events.events_held(events.fiscal_year_of(as_of), now=_end_of(as_of))
    return Decimal(sum(number for (kind, _format), number in held.items() if kind == EventKind.LECTURE))


def lecture_attendees(as_of: date) -> Decimal:
    counts = events.participation(events.fiscal_year_of(as_of), now=_end_of(as_of))
    return Decimal(sum(count.attended for (kind, _mode), count in counts.items() if kind == EventKind.LECTURE))


def collaborations(as_of: date) -> Decimal:
    """Collaborations in the fiscal year of `as_of`, up to it: activity reports of collaboration with other
    partners dated in it, and collaboration requests accepted on the portal in it (issue 12: an accepted
    request is a collaboration). A partner who also reports a portal collaboration is counted twice: nothing
    ties the two together."""
    year = events.fiscal_year_of(as_of)
    first = local_date(events.fiscal_year_bounds(year)[0])
    reported = db.session.scalar(
        select(func.count()).where(ActivityReport.kind == ActivityKind.COLLABORATION,
                                   ActivityReport.activity_date.between(first, as_of))
    )
    return Decimal(reported + collaborations_started(year, until=_end_of(as_of)))


def _fiscal_year_until(as_of: date) -> tuple:
    """From the start of the fiscal year of `as_of` to the end of `as_of` (Asia/Tokyo), as UTC instants."""
    return events.fiscal_year_bounds(events.fiscal_year_of(as_of))[0], _end_of(as_of)


def award_applications(as_of: date) -> Decimal:
    """Award applications submitted in the fiscal year of `as_of`, up to it (drafts and withdrawn ones not)."""
    start, end = _fiscal_year_until(as_of)
    return Decimal(db.session.scalar(select(func.count()).select_from(AwardApplication).where(
        AwardApplication.submitted_at >= start, AwardApplication.submitted_at < end,
        AwardApplication.status.not_in((ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)))))


def awards(as_of: date) -> Decimal:
    """Awards of published rounds decided in the fiscal year of `as_of`, up to it."""
    start, end = _fiscal_year_until(as_of)
    return Decimal(db.session.scalar(
        select(func.count()).select_from(AwardGiven)
        .join(AwardDecision, AwardDecision.id == AwardGiven.decision_id)
        .join(AwardRound, AwardRound.id == AwardDecision.round_id)
        .where(AwardRound.status == RoundStatus.PUBLISHED, AwardDecision.decided_at >= start,
               AwardDecision.decided_at < end)))


COMPUTATIONS: dict[str, Callable[[date], Decimal | None]] = {
    "participation_rate": participation_rate,
    "active_individuals": lambda as_of: Decimal(count_active(PartnerKind.INDIVIDUAL, as_of)),
    "active_groups": lambda as_of: Decimal(count_active(PartnerKind.GROUP, as_of)),
    "lectures_held": lectures_held,
    "lecture_attendees": lecture_attendees,
    "collaborations": collaborations,
    "award_applications": award_applications,
    "awards": awards,
}
