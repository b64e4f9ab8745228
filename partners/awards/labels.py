"""Labels of the award's states in the user's language, for templates and exports."""

from flask_babel import lazy_gettext as _l

from partners.awards.lifecycle import STATUS_LABELS
from partners.awards.models import ApplicationStatus, ScoreStatus

A = ApplicationStatus
APPLICATION_LABELS = {
    A.DRAFT: _l("draft"),
    A.SUBMITTED: _l("submitted"),
    A.ELIGIBLE: _l("eligible"),
    A.INELIGIBLE: _l("not eligible"),
    A.AWARDED: _l("awarded"),
    A.NOT_AWARDED: _l("not awarded"),
    A.WITHDRAWN: _l("withdrawn"),
}
SCORE_LABELS = {ScoreStatus.DRAFT: _l("draft"), ScoreStatus.SUBMITTED: _l("submitted")}
TIE_BREAK_NOTES = {
    "criterion": _l("tie broken by the named criterion"),
    "top_scores": _l("tie broken by the number of top scores"),
    "staff": _l("tie: staff decide, with a reason"),
}
LOG_ACTIONS = {
    "round.create": _l("round created"), "round.edit": _l("round edited"),
    "round.open": _l("call opened"), "round.closed": _l("call closed"), "round.judging": _l("judging started"),
    "round.decided": _l("decided"), "round.published": _l("published"), "round.mail_outcomes": _l("outcomes mailed"),
    "application.amend": _l("application changed by staff"), "application.withdraw": _l("withdrawn by staff"),
    "application.eligible": _l("screened: eligible"), "application.ineligible": _l("screened: not eligible"),
    "application.redact": _l("redacted summary saved"), "judge.declare": _l("judge declared relationships"),
    "conflict.declare": _l("conflict of interest"), "assignment.add": _l("judge assigned"),
    "assignment.remove": _l("judge unassigned"), "assignment.auto": _l("judges assigned automatically"),
    "score.save": _l("scores saved (draft)"), "score.submit": _l("scores submitted"),
    "score.reopen": _l("scores reopened"), "decision.award": _l("award decided"),
}
LABELS = {"round": STATUS_LABELS, "application": APPLICATION_LABELS, "score": SCORE_LABELS,
          "tie": TIE_BREAK_NOTES, "log": LOG_ACTIONS}


def award_label(kind: str, value) -> str:
    labels = LABELS[kind]
    for key, label in labels.items():
        if key == value:
            return str(label)
    return str(value)
