"""What a signed-in person should do next in the programme, for the home page."""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from partners.accounts.models import User
from partners.extensions import db
from partners.members.models import Partner, PartnerContact, PartnerKind, PartnerStatus


class Step(StrEnum):
    APPLY = "apply"
    ATTEND_LECTURE = "attend_lecture"
    AWAIT_REVIEW = "await_review"
    REVISE = "revise"
    READ_REASON = "read_reason"
    MEMBER = "member"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class NextStep:
    step: Step
    partner: Partner | None = None


def _step_for(partner: Partner) -> Step:
    if partner.status == PartnerStatus.APPLIED:
        return Step.ATTEND_LECTURE if partner.kind == PartnerKind.INDIVIDUAL else Step.AWAIT_REVIEW
    return {
        PartnerStatus.CHANGES_REQUESTED: Step.REVISE,
        PartnerStatus.REJECTED: Step.READ_REASON,
        PartnerStatus.ACTIVE: Step.MEMBER,
        PartnerStatus.SUSPENDED: Step.SUSPENDED,
    }[partner.status]


def next_steps(user: User) -> list[NextStep]:
    """One step per partner the person is a contact of (individual first, then groups in the order they applied);
    withdrawn records are gone for them. A person with nothing under way is asked to apply, and so is one whose
    applications were all rejected (they may apply again). One query."""
    partners = db.session.scalars(
        select(Partner)
        .join(PartnerContact)
        .where(PartnerContact.user_id == user.id, Partner.status != PartnerStatus.WITHDRAWN)
        .options(lazyload(Partner.goal_links))
        .order_by(Partner.kind != PartnerKind.INDIVIDUAL, Partner.applied_at, Partner.id)
    ).all()
    steps = [NextStep(_step_for(partner), partner) for partner in partners]
    if all(step.step == Step.READ_REASON for step in steps):
        steps.append(NextStep(Step.APPLY))
    return steps
