"""Award round lifecycle (DESIGN.md): draft → open → closed → judging → decided → published, and what each state
allows. The services check these rules themselves (a hidden button is not a rule); every change of state is
written to the judging log."""

from flask_babel import lazy_gettext as _l

from partners.accounts.models import User
from partners.awards.models import AwardRound, JudgingLogEntry, RoundStatus
from partners.core.timeutil import utcnow
from partners.extensions import db

S = RoundStatus
ALLOWED = {
    S.DRAFT: {S.OPEN},
    S.OPEN: {S.CLOSED},
    S.CLOSED: {S.JUDGING},
    S.JUDGING: {S.DECIDED},
    S.DECIDED: {S.PUBLISHED},
    S.PUBLISHED: set(),
}
# What each state allows.
EDITABLE = {S.DRAFT, S.OPEN}  # the call, window, rubric and tie-break: fixed once the call has closed
SCREENING = {S.CLOSED, S.JUDGING}  # eligibility, redacted summaries, staff amendments
ASSIGNING = {S.CLOSED, S.JUDGING}  # judges and conflicts
DECLARING = {S.CLOSED, S.JUDGING}  # judges declare their relationships
SCORING = {S.JUDGING, S.DECIDED}  # after the decision only a reopened sheet changes, and not the decision
REOPENING = {S.JUDGING, S.DECIDED}  # a reopened score after the decision does not move the decision
RESULTS = {S.JUDGING, S.DECIDED, S.PUBLISHED}

STATUS_LABELS = {
    S.DRAFT: _l("draft"),
    S.OPEN: _l("open for applications"),
    S.CLOSED: _l("closed"),
    S.JUDGING: _l("judging"),
    S.DECIDED: _l("decided"),
    S.PUBLISHED: _l("results published"),
}


class AwardError(Exception):
    """The round's (or application's) state, or the rules, do not allow this; the message is in the user's
    language."""


def status_label(status: RoundStatus) -> str:
    return str(STATUS_LABELS[RoundStatus(status)])


def require(round_: AwardRound, allowed: set[RoundStatus]) -> None:
    if round_.status not in allowed:
        raise AwardError(_l("This is not possible while the round is %(status)s.",
                            status=status_label(round_.status)))


def change_status(round_: AwardRound, to: RoundStatus, actor: User | None, detail: str = "") -> None:
    if to not in ALLOWED[round_.status]:
        raise AwardError(_l("This is not possible while the round is %(status)s.",
                            status=status_label(round_.status)))
    log(round_.id, actor, "round." + to.value, detail=f"{round_.status.value} → {to.value}" + (
        f": {detail}" if detail else ""))
    round_.status = to


def log(round_id: int, actor: User | None, action: str, application_id: int | None = None,
        judge_id: int | None = None, detail: str = "") -> JudgingLogEntry:
    """Append to the judging log in the caller's transaction."""
    entry = JudgingLogEntry(round_id=round_id, actor_id=actor.id if actor else None, action=action,
                            application_id=application_id, judge_id=judge_id, detail=detail, at=utcnow())
    db.session.add(entry)
    return entry
