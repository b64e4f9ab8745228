"""The decision and its publication. Deciding freezes the results as they stand (scores reopened or changed
later do not move the decided figures; the results page says where they now differ) and records each award
with its reason. Publishing tells every applicant their outcome, once, through the outbox, and opens the
public winners page."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from partners.accounts.models import User
from partners.awards import lifecycle
from partners.awards.applications import mail_about
from partners.awards.lifecycle import AwardError
from partners.awards.models import (
    ApplicationStatus,
    AwardApplication,
    AwardCategory,
    AwardDecision,
    AwardGiven,
    AwardRound,
    AwardTier,
    RoundStatus,
)
from partners.awards.results import results_of, to_json
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.outbox.services import queue_mail

A = ApplicationStatus
# Applicants told their outcome at publication: everyone who submitted and did not withdraw.
TOLD = (A.INELIGIBLE, A.AWARDED, A.NOT_AWARDED)


@dataclass
class AwardChoice:
    application_id: int
    tier_id: int
    reason: str


def decision_of(round_: AwardRound) -> AwardDecision | None:
    return db.session.scalar(select(AwardDecision).where(AwardDecision.round_id == round_.id))


def decide(round_: AwardRound, choices: list[AwardChoice], actor: User) -> AwardDecision:
    lifecycle.require(round_, {RoundStatus.JUDGING})
    eligible = {application.id: application for application in db.session.scalars(select(AwardApplication).where(
        AwardApplication.round_id == round_.id, AwardApplication.status == A.ELIGIBLE))}
    tiers = {tier.id: tier for tier in round_.tiers}
    if not choices:
        raise AwardError(_l("Choose at least one award."))
    if len({choice.application_id for choice in choices}) != len(choices):
        raise AwardError(_l("An application can receive one award only."))
    for choice in choices:
        if choice.application_id not in eligible or choice.tier_id not in tiers:
            raise AwardError(_l("Only eligible applications can receive an award."))
        if not choice.reason:
            raise AwardError(_l("Enter the reason for each award."))
    for tier in tiers.values():
        if sum(1 for choice in choices if choice.tier_id == tier.id) > tier.slots:
            raise AwardError(_l("%(tier)s can be given %(count)d times at most.", tier=tier.name, count=tier.slots))
    decision = AwardDecision(round_id=round_.id, decided_by_id=actor.id, decided_at=utcnow(),
                             snapshot=to_json(results_of(round_)))
    db.session.add(decision)
    awarded = {choice.application_id for choice in choices}
    for choice in choices:
        decision.awards.append(AwardGiven(application_id=choice.application_id, tier_id=choice.tier_id,
                                          reason=choice.reason))
        lifecycle.log(round_.id, actor, "decision.award", application_id=choice.application_id,
                      detail=f"{tiers[choice.tier_id].name}: {choice.reason}")
    for application in eligible.values():
        application.status = A.AWARDED if application.id in awarded else A.NOT_AWARDED
    lifecycle.change_status(round_, RoundStatus.DECIDED, actor)
    return decision


def publish(round_: AwardRound, actor: User) -> int:
    """Mail each told applicant their outcome (never twice: `outcome_mailed_at`) and publish the winners.
    Returns how many were mailed."""
    lifecycle.change_status(round_, RoundStatus.PUBLISHED, actor)
    round_.published_at = utcnow()
    decision = decision_of(round_)
    awards = {award.application_id: award for award in decision.awards}
    mailed = 0
    applications = db.session.scalars(select(AwardApplication).where(
        AwardApplication.round_id == round_.id, AwardApplication.status.in_(TOLD),
        AwardApplication.outcome_mailed_at.is_(None)).order_by(AwardApplication.id).with_for_update())
    for application in applications:
        applicant = application.applicant
        application.outcome_mailed_at = utcnow()
        if applicant is None:
            continue
        award = awards.get(application.id)
        queue_mail("award_outcome", applicant.email, applicant.locale, _l("Result of the %(title)s",
                                                                          title=round_.title),
                   about=mail_about(application), application=application, round=round_, recipient_name=applicant.name,
                   tier=award.tier.name if award else None,
                   winners_url=url_for("awards.show", round_id=round_.id, _external=True))
        mailed += 1
    lifecycle.log(round_.id, actor, "round.mail_outcomes", detail=str(mailed))
    return mailed


def winners(round_: AwardRound) -> list[AwardGiven]:
    """The published awards in tier order, with their applications and categories; two queries."""
    decision = decision_of(round_)
    if decision is None:
        return []
    position = {tier.id: tier.position for tier in round_.tiers}
    return sorted(decision.awards, key=lambda award: (position[award.tier_id], award.application_id))


def latest_winners(limit: int) -> list[AwardGiven]:
    """The awards of the round published last, as its winners page lists them (tier order), with their
    applications, rounds and tiers; one query. Show the applicant's name only as `application.public_name`."""
    latest = (select(AwardRound.id).where(AwardRound.status == RoundStatus.PUBLISHED)
              .order_by(AwardRound.published_at.desc(), AwardRound.id.desc()).limit(1).scalar_subquery())
    return list(db.session.scalars(
        select(AwardGiven).join(AwardDecision).join(AwardTier, AwardTier.id == AwardGiven.tier_id)
        .join(AwardApplication, AwardApplication.id == AwardGiven.application_id)
        .join(AwardRound, AwardRound.id == AwardApplication.round_id)
        .where(AwardDecision.round_id == latest)
        .options(contains_eager(AwardGiven.tier),
                 contains_eager(AwardGiven.application).contains_eager(AwardApplication.round).lazyload("*"))
        .order_by(AwardTier.position, AwardGiven.application_id).limit(limit)
    ))


def published_awards(round_ids: list[int]) -> dict[int, list[AwardGiven]]:
    """round id → the awards of that round, if its results are published, in tier order (as its winners page
    lists them), with their tiers, applications and categories; one query. Show the applicant's name only as
    `application.public_name`; never the reason (staff wrote it for the record, the page does not show it)."""
    if not round_ids:
        return {}
    found: dict[int, list[AwardGiven]] = {}
    for round_id, award in db.session.execute(
            select(AwardDecision.round_id, AwardGiven).join(AwardDecision)
            .join(AwardRound, AwardRound.id == AwardDecision.round_id)
            .join(AwardTier, AwardTier.id == AwardGiven.tier_id)
            .join(AwardApplication, AwardApplication.id == AwardGiven.application_id)
            .outerjoin(AwardCategory, AwardCategory.id == AwardApplication.category_id)
            .where(AwardDecision.round_id.in_(round_ids), AwardRound.status == RoundStatus.PUBLISHED)
            .options(contains_eager(AwardGiven.tier),
                     contains_eager(AwardGiven.application).contains_eager(AwardApplication.category))
            .order_by(AwardDecision.round_id, AwardTier.position, AwardGiven.application_id)):
        found.setdefault(round_id, []).append(award)
    return found
