"""The partners KPI: the share of partners taking part in SDG activities (「つくばSDGsパートナーズ会員が、SDGsに関する
社会課題の取組に参加している割合」), read from the data in one query.

**Participation rate at day D** = partners active at the end of D (`partners.members.stats.active_partners`,
history included) who took part in at least one SDG activity dated after D minus one year and on or before D
(for D = 2023-12-31: 2023-01-01 … 2023-12-31), divided by the partners active at D, in percent with one decimal,
rounded half up. Taking part is any of:

- an activity report (取組報告) dated in that span;
- attending an event (status attended) that started in that span, Asia/Tokyo: the individual whose
  registration it is (`partner_id`, or the account of an individual partner's contact), or the group that
  registered the person (`group_partner_id`);
- answering "yes" to a survey question that counts as participation, in a survey whose window closed in that
  span;
- a collaboration request accepted on the portal in that span, Asia/Tokyo: both partners, sender and recipient.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, or_, select, text, union_all

from partners.activities.models import YES, ActivityReport, Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion
from partners.core.timeutil import start_of_local_day
from partners.events.models import Event, Registration, RegistrationStatus
from partners.extensions import db
from partners.kpi.rates import percentage
from partners.members.models import Partner, PartnerContact, PartnerKind
from partners.members.stats import active_partners
from partners.portal.models import Collaboration, CollaborationStatus


@dataclass(frozen=True)
class Counts:
    """Partners active at the end of the day, and of them those who took part in the year up to it."""

    active: int = 0
    taking_part: int = 0


@dataclass(frozen=True)
class Participation:
    as_of: date
    by_kind: dict[PartnerKind, Counts]

    @property
    def active(self) -> int:
        return sum(counts.active for counts in self.by_kind.values())

    @property
    def taking_part(self) -> int:
        return sum(counts.taking_part for counts in self.by_kind.values())

    @property
    def rate(self) -> Decimal | None:
        """The percentage, one decimal, rounded half up; None when nobody was active."""
        return percentage(self.taking_part, self.active) if self.active else None


def window_start(as_of: date) -> date:
    """The first day counted for `as_of`: the day after the same date a year before (29 February → 1 March)."""
    try:
        year_before = as_of.replace(year=as_of.year - 1)
    except ValueError:
        year_before = as_of.replace(year=as_of.year - 1, day=28)
    return year_before + timedelta(days=1)


def participation(as_of: date) -> Participation:
    """Active partners at the end of `as_of` by kind, and how many of them took part (module docstring)."""
    first = window_start(as_of)
    start, end = start_of_local_day(first), start_of_local_day(as_of + timedelta(days=1))
    active = active_partners(as_of).subquery()
    partner_id = active.c.id

    # A report is looked up per partner (an index probe on partner and date); the rarer ways of taking part are
    # each gathered once for the window and matched by id (PostgreSQL hashes the list).
    reported = exists().where(ActivityReport.partner_id == partner_id,
                              ActivityReport.activity_date.between(first, as_of))
    attended = and_(Event.id == Registration.event_id, Event.starts_at >= start, Event.starts_at < end,
                    Registration.status == RegistrationStatus.ATTENDED)
    collaborated = and_(Collaboration.status == CollaborationStatus.ACCEPTED, Collaboration.answered_at >= start,
                        Collaboration.answered_at < end)
    took_part_otherwise = union_all(
        select(Registration.partner_id).where(attended),
        select(Registration.group_partner_id).where(attended),
        select(PartnerContact.partner_id).join(Partner, Partner.id == PartnerContact.partner_id)
        .where(Partner.kind == PartnerKind.INDIVIDUAL, Registration.user_id == PartnerContact.user_id, attended),
        select(SurveyInvitation.partner_id).where(
            SurveyAnswer.invitation_id == SurveyInvitation.id, SurveyAnswer.value == YES,
            SurveyQuestion.id == SurveyAnswer.question_id, SurveyQuestion.counts_as_participation.is_(True),
            Survey.id == SurveyInvitation.survey_id, Survey.closes_on.between(first, as_of)),
        select(Collaboration.sender_id).where(collaborated),
        select(Collaboration.recipient_id).where(collaborated),
    )
    taking_part = or_(reported, partner_id.in_(select(took_part_otherwise.subquery().c[0])))
    if db.session.get_bind().dialect.name == "postgresql":
        # The plan is thousands of cheap index probes; PostgreSQL's JIT would spend longer compiling it (over
        # 100 ms at a million reports) than running it. For this transaction only.
        db.session.execute(text("SET LOCAL jit = off"))
    rows = db.session.execute(
        select(active.c.kind, func.count(), func.count(case((taking_part, 1))))
        .group_by(active.c.kind)
    )
    counts = {PartnerKind(kind): Counts(total, taking_part) for kind, total, taking_part in rows}
    return Participation(as_of, {kind: counts.get(kind, Counts()) for kind in PartnerKind})


def participation_rate(as_of: date) -> Decimal | None:
    return participation(as_of).rate
