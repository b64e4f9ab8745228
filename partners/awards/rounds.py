"""Staff create and edit a round (the call, the window, categories, tiers, the rubric and the tie-break), then
move it along its lifecycle: open the call, close it after the deadline, start judging."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partners.accounts.models import User
from partners.awards import lifecycle
from partners.awards.lifecycle import AwardError
from partners.awards.models import (
    TIE_BREAK_CRITERION,
    ApplicationStatus,
    AwardApplication,
    AwardCategory,
    AwardCriterion,
    AwardRound,
    AwardTier,
    RankingMethod,
    RoundStatus,
)
from partners.core.timeutil import utcnow
from partners.extensions import db


@dataclass
class CriterionData:
    name: str
    weight: int
    max_score: int
    description: str = ""


@dataclass
class RoundData:
    """What staff enter for a round; cleaned by the form, times aware UTC."""

    year: int
    title: str
    opens_at: datetime
    closes_at: datetime
    call_text: str = ""
    categories: list[str] = field(default_factory=list)
    tiers: list[tuple[str, int]] = field(default_factory=list)
    criteria: list[CriterionData] = field(default_factory=list)
    judges_per_application: int = 3
    blind: bool = True
    ranking_method: RankingMethod = RankingMethod.Z_SCORE
    tie_break: list[str] = field(default_factory=list)
    tie_break_criterion: str = ""

    @classmethod
    def of(cls, round_: AwardRound) -> "RoundData":
        return cls(
            year=round_.year, title=round_.title, opens_at=round_.opens_at, closes_at=round_.closes_at,
            call_text=round_.call_text, categories=[c.name for c in round_.categories],
            tiers=[(t.name, t.slots) for t in round_.tiers],
            criteria=[CriterionData(c.name, c.weight, c.max_score, c.description) for c in round_.criteria],
            judges_per_application=round_.judges_per_application, blind=round_.blind,
            ranking_method=round_.ranking_method, tie_break=round_.tie_break_steps,
            tie_break_criterion=round_.tie_break_criterion,
        )


def create_round(data: RoundData, actor: User) -> AwardRound:
    round_ = AwardRound(status=RoundStatus.DRAFT)
    _fill(round_, data)
    db.session.add(round_)
    db.session.flush()
    lifecycle.log(round_.id, actor, "round.create")
    return round_


def update_round(round_: AwardRound, data: RoundData, actor: User) -> None:
    """The call may change until it closes; a category that applications chose is kept (renamed in place)."""
    lifecycle.require(round_, lifecycle.EDITABLE)
    _fill(round_, data)
    lifecycle.log(round_.id, actor, "round.edit")


def open_round(round_: AwardRound, actor: User) -> None:
    if not (round_.categories and round_.tiers and round_.criteria):
        raise AwardError(_l("Enter at least one category, award tier and criterion before opening the call."))
    lifecycle.change_status(round_, RoundStatus.OPEN, actor)


def close_round(round_: AwardRound, actor: User) -> None:
    if utcnow() < round_.closes_at:
        raise AwardError(_l("The call closes only after its deadline."))
    lifecycle.change_status(round_, RoundStatus.CLOSED, actor)


def start_judging(round_: AwardRound, actor: User) -> None:
    """Every submitted application must be screened first: judges see only eligible ones."""
    waiting = db.session.scalar(select(func.count()).select_from(AwardApplication).where(
        AwardApplication.round_id == round_.id, AwardApplication.status == ApplicationStatus.SUBMITTED))
    if waiting:
        raise AwardError(_l("Screen every submitted application (eligible or not) before judging starts."))
    lifecycle.change_status(round_, RoundStatus.JUDGING, actor)


def _fill(round_: AwardRound, data: RoundData) -> None:
    for name in ("year", "title", "opens_at", "closes_at", "call_text", "judges_per_application", "blind",
                 "ranking_method"):
        setattr(round_, name, getattr(data, name))
    round_.tie_break = ",".join(data.tie_break)
    round_.tie_break_criterion = data.tie_break_criterion if TIE_BREAK_CRITERION in data.tie_break else ""
    _replace(round_.categories, data.categories, AwardCategory, lambda row, name: setattr(row, "name", name))
    _replace(round_.tiers, data.tiers, AwardTier,
             lambda row, tier: (setattr(row, "name", tier[0]), setattr(row, "slots", tier[1])))
    _replace(round_.criteria, data.criteria, AwardCriterion,
             lambda row, c: [setattr(row, name, getattr(c, name))
                             for name in ("name", "weight", "max_score", "description")])


def _replace(rows: list, wanted: list, model, fill) -> None:
    """Update rows in place by position (their ids stay, so applications keep their category), add or drop the
    rest."""
    del rows[len(wanted):]
    for position, value in enumerate(wanted):
        if position == len(rows):
            rows.append(model(position=position))
        rows[position].position = position
        fill(rows[position], value)
