"""Judging: what a judge may see (one query, used by every judge route), conflicts of interest, assignments by
hand or automatically, and score sheets. Every change goes to the judging log."""

from collections import Counter

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, delete, exists, or_, select

from partners.accounts.models import Role, User, UserRole
from partners.awards import lifecycle
from partners.awards.lifecycle import AwardError
from partners.awards.models import (
    ApplicationStatus,
    AwardApplication,
    AwardRound,
    ConflictOfInterest,
    JudgeAssignment,
    JudgeDeclaration,
    RoundStatus,
    ScoreItem,
    ScoreSheet,
    ScoreStatus,
)
from partners.core.timeutil import utcnow
from partners.extensions import db

A = ApplicationStatus
# Applications judges work on, and the round states in which their content is shown to assigned judges.
JUDGED = (A.ELIGIBLE, A.AWARDED, A.NOT_AWARDED)
CONTENT_VISIBLE = (RoundStatus.JUDGING, RoundStatus.DECIDED)
# Applications a judge's declaration lists (titles only, or titles and applicants in an open round).
DECLARABLE = (A.SUBMITTED, A.ELIGIBLE)


def visible_applications(judge: User) -> Select:
    """THE query of what `judge` may open, score, download or see listed: applications assigned to them, in a
    round whose judging they have declared for and that is being judged (or decided), eligible, not their own,
    and without a conflict of interest. Every judge route goes through it (`visible_application`), so a
    conflict declared by anyone hides the application everywhere at once."""
    conflicted = exists().where(ConflictOfInterest.application_id == AwardApplication.id,
                                ConflictOfInterest.judge_id == judge.id)
    not_own = or_(AwardApplication.applicant_id.is_(None), AwardApplication.applicant_id != judge.id)
    declared = exists().where(JudgeDeclaration.round_id == AwardApplication.round_id,
                              JudgeDeclaration.judge_id == judge.id)
    return (select(AwardApplication)
            .join(JudgeAssignment, and_(JudgeAssignment.application_id == AwardApplication.id,
                                        JudgeAssignment.judge_id == judge.id))
            .join(AwardRound, AwardRound.id == AwardApplication.round_id)
            .where(AwardRound.status.in_(CONTENT_VISIBLE), AwardApplication.status.in_(JUDGED), declared,
                   ~conflicted, not_own))


def visible_application(judge: User, application_id: int) -> AwardApplication | None:
    return db.session.scalar(visible_applications(judge).where(AwardApplication.id == application_id))


def judge_rounds() -> list[AwardRound]:
    return list(db.session.scalars(select(AwardRound).where(
        AwardRound.status.in_((RoundStatus.CLOSED, *CONTENT_VISIBLE))).order_by(AwardRound.year.desc())))


def declaration_of(round_id: int, judge: User) -> JudgeDeclaration | None:
    return db.session.scalar(select(JudgeDeclaration).where(JudgeDeclaration.round_id == round_id,
                                                            JudgeDeclaration.judge_id == judge.id))


def declarable_applications(round_: AwardRound) -> list[AwardApplication]:
    return list(db.session.scalars(select(AwardApplication).where(
        AwardApplication.round_id == round_.id, AwardApplication.status.in_(DECLARABLE)
    ).order_by(AwardApplication.id)))


def declare(round_: AwardRound, judge: User, application_ids: set[int], note: str) -> JudgeDeclaration:
    """The judge's declaration, once per round, before any content is shown to them."""
    lifecycle.require(round_, lifecycle.DECLARING)
    if declaration_of(round_.id, judge) is not None:
        raise AwardError(_l("You have already declared your relationships for this round."))
    declaration = JudgeDeclaration(round_id=round_.id, judge_id=judge.id, note=note, declared_at=utcnow())
    db.session.add(declaration)
    known = {application.id: application for application in declarable_applications(round_)}
    for application_id in sorted(application_ids & set(known)):
        add_conflict(known[application_id], judge, judge)
    lifecycle.log(round_.id, judge, "judge.declare", judge_id=judge.id,
                  detail=f"{len(application_ids & set(known))}" + (f": {note}" if note else ""))
    return declaration


def add_conflict(application: AwardApplication, judge: User, actor: User) -> None:
    """Record the conflict and take the judge off the application (with their draft scores); a submitted score
    sheet stays in the log's history but no longer counts."""
    lifecycle.require(application.round, lifecycle.DECLARING | {RoundStatus.DECIDED})
    if db.session.scalar(select(ConflictOfInterest.id).where(ConflictOfInterest.application_id == application.id,
                                                             ConflictOfInterest.judge_id == judge.id)):
        return
    db.session.add(ConflictOfInterest(round_id=application.round_id, application_id=application.id,
                                      judge_id=judge.id, declared_by_id=actor.id, declared_at=utcnow()))
    db.session.execute(delete(JudgeAssignment).where(JudgeAssignment.application_id == application.id,
                                                     JudgeAssignment.judge_id == judge.id))
    db.session.execute(delete(ScoreSheet).where(ScoreSheet.application_id == application.id,
                                                ScoreSheet.judge_id == judge.id))
    lifecycle.log(application.round_id, actor, "conflict.declare", application_id=application.id,
                  judge_id=judge.id)


def judges() -> list[User]:
    """Accounts with the judge role (granted as such, not through admin)."""
    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role == Role.JUDGE)
                                   .order_by(User.name, User.id)))


def assign(application: AwardApplication, judge: User, actor: User) -> None:
    lifecycle.require(application.round, lifecycle.ASSIGNING)
    if Role.JUDGE not in judge.roles:
        raise AwardError(_l("Only accounts with the judge role can be assigned."))
    if application.status != A.ELIGIBLE:
        raise AwardError(_l("Only eligible applications are judged."))
    if _conflicted(application.id, judge.id) or application.applicant_id == judge.id:
        raise AwardError(_l("This judge has a conflict of interest with this application."))
    if _assignment(application.id, judge.id) is None:
        db.session.add(JudgeAssignment(round_id=application.round_id, application_id=application.id,
                                       judge_id=judge.id, assigned_at=utcnow()))
        lifecycle.log(application.round_id, actor, "assignment.add", application_id=application.id,
                      judge_id=judge.id)


def unassign(application: AwardApplication, judge_id: int, actor: User) -> None:
    lifecycle.require(application.round, lifecycle.ASSIGNING)
    assignment = _assignment(application.id, judge_id)
    if assignment is not None:
        db.session.delete(assignment)
        lifecycle.log(application.round_id, actor, "assignment.remove", application_id=application.id,
                      judge_id=judge_id)


def auto_assign(round_: AwardRound, actor: User) -> int:
    """Give every eligible application the round's number of judges: each time to the least-loaded judges
    (fewest assignments in this round, then the lowest id) without a conflict with it. Starting from an even
    spread, loads then differ by at most one. Returns how many assignments were added."""
    lifecycle.require(round_, lifecycle.ASSIGNING)
    pool = judges()
    if not pool:
        raise AwardError(_l("No account has the judge role yet."))
    rows = db.session.execute(select(JudgeAssignment.application_id, JudgeAssignment.judge_id)
                              .where(JudgeAssignment.round_id == round_.id)).all()
    conflicts = set(db.session.execute(select(ConflictOfInterest.application_id, ConflictOfInterest.judge_id)
                                       .where(ConflictOfInterest.round_id == round_.id)).all())
    assigned = set(rows)
    load = Counter(judge_id for _application, judge_id in rows)
    added = 0
    applications = db.session.scalars(select(AwardApplication).where(
        AwardApplication.round_id == round_.id, AwardApplication.status == A.ELIGIBLE).order_by(AwardApplication.id))
    for application in applications:
        have = sum(1 for judge in pool if (application.id, judge.id) in assigned)
        candidates = sorted((judge for judge in pool if (application.id, judge.id) not in assigned
                             and (application.id, judge.id) not in conflicts and judge.id != application.applicant_id),
                            key=lambda j: (load[j.id], j.id))
        for judge in candidates[:max(round_.judges_per_application - have, 0)]:
            db.session.add(JudgeAssignment(round_id=round_.id, application_id=application.id, judge_id=judge.id,
                                           assigned_at=utcnow()))
            assigned.add((application.id, judge.id))
            load[judge.id] += 1
            added += 1
    lifecycle.log(round_.id, actor, "assignment.auto", detail=str(added))
    return added


def sheet_of(application_id: int, judge_id: int) -> ScoreSheet | None:
    return db.session.scalar(select(ScoreSheet).where(ScoreSheet.application_id == application_id,
                                                      ScoreSheet.judge_id == judge_id))


def save_scores(application_id: int, judge: User, values: dict[int, int | None], comment: str,
                submit: bool) -> ScoreSheet:
    """Save the judge's draft, or submit it (every criterion scored); a submitted sheet is locked."""
    application = visible_application(judge, application_id)
    if application is None:
        raise AwardError(_l("You cannot score this application."))
    if application.round.status not in lifecycle.SCORING:
        raise AwardError(_l("This is not possible while the round is %(status)s.",
                            status=lifecycle.status_label(application.round.status)))
    sheet = sheet_of(application.id, judge.id)
    if sheet is None:
        sheet = ScoreSheet(round_id=application.round_id, application_id=application.id, judge_id=judge.id)
        db.session.add(sheet)
    elif sheet.status == ScoreStatus.SUBMITTED:
        raise AwardError(_l("Your scores are submitted and locked; staff can reopen them."))
    criteria = {criterion.id: criterion for criterion in application.round.criteria}
    cleaned = {cid: value for cid, value in values.items() if cid in criteria and value is not None}
    if any(not 0 <= value <= criteria[cid].max_score for cid, value in cleaned.items()):
        raise AwardError(_l("Each score must be a whole number from 0 to the criterion's maximum."))
    if submit and set(cleaned) != set(criteria):
        raise AwardError(_l("Score every criterion before submitting."))
    before = sheet.values() if sheet.id else {}
    existing = {item.criterion_id: item for item in sheet.items}
    for cid, item in existing.items():
        if cid not in cleaned:
            sheet.items.remove(item)
    for cid, value in cleaned.items():
        if cid in existing:
            existing[cid].value = value
        else:
            sheet.items.append(ScoreItem(criterion_id=cid, value=value))
    sheet.comment = comment
    sheet.total = sum(criteria[cid].weight * value for cid, value in cleaned.items())
    sheet.top_scores = sum(1 for cid, value in cleaned.items() if value == criteria[cid].max_score)
    sheet.tie_value = next((value for cid, value in cleaned.items()
                            if criteria[cid].name == application.round.tie_break_criterion), None)
    if submit:
        sheet.status, sheet.submitted_at = ScoreStatus.SUBMITTED, utcnow()
    if before != cleaned or submit:
        shown = ", ".join(f"{criteria[cid].name}={value}" for cid, value in sorted(cleaned.items()))
        lifecycle.log(application.round_id, judge, "score.submit" if submit else "score.save",
                      application_id=application.id, judge_id=judge.id, detail=shown)
    return sheet


def reopen(sheet: ScoreSheet, actor: User, reason: str) -> None:
    round_ = db.session.get(AwardRound, sheet.round_id)
    lifecycle.require(round_, lifecycle.REOPENING)
    if sheet.status != ScoreStatus.SUBMITTED:
        raise AwardError(_l("Only submitted scores can be reopened."))
    if not reason:
        raise AwardError(_l("Enter the reason for reopening."))
    sheet.status, sheet.submitted_at = ScoreStatus.DRAFT, None
    lifecycle.log(sheet.round_id, actor, "score.reopen", application_id=sheet.application_id,
                  judge_id=sheet.judge_id, detail=reason)


def _conflicted(application_id: int, judge_id: int) -> bool:
    return db.session.scalar(select(ConflictOfInterest.id).where(
        ConflictOfInterest.application_id == application_id, ConflictOfInterest.judge_id == judge_id)) is not None


def _assignment(application_id: int, judge_id: int) -> JudgeAssignment | None:
    return db.session.scalar(select(JudgeAssignment).where(JudgeAssignment.application_id == application_id,
                                                           JudgeAssignment.judge_id == judge_id))


def sheets_of(judge: User, round_id: int) -> list[ScoreSheet]:
    return list(db.session.scalars(select(ScoreSheet).where(ScoreSheet.round_id == round_id,
                                                            ScoreSheet.judge_id == judge.id)))
