"""Labels of the portal's states, in the reader's language."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from partners.portal.models import CollaborationStatus, ShowcaseStatus

COLLABORATION_STATUS_LABELS = {
    CollaborationStatus.PENDING: _l("waiting for an answer"),
    CollaborationStatus.ACCEPTED: _l("accepted"),
    CollaborationStatus.DECLINED: _l("declined"),
}
SHOWCASE_STATUS_LABELS = {
    ShowcaseStatus.DRAFT: _l("waiting for both partners' consent"),
    ShowcaseStatus.AWAITING_APPROVAL: _l("waiting for the programme office's approval"),
    ShowcaseStatus.PUBLISHED: _l("published"),
}


def collaboration_status(status: str) -> str:
    return str(COLLABORATION_STATUS_LABELS[CollaborationStatus(status)])


def showcase_status(status: str) -> str:
    return str(SHOWCASE_STATUS_LABELS[ShowcaseStatus(status)])


def suggestion_reasons(suggestion) -> list[str]:
    """Why a partner is suggested, one phrase per reason:
    共通のゴール: 11, 17 · あなたの求めること「子ども食堂」に一致."""
    reasons = []
    if suggestion.shared_goals:
        reasons.append(gettext("Shared goals: %(goals)s", goals=", ".join(map(str, suggestion.shared_goals))))
    reasons += [gettext("matches what you are looking for: “%(phrase)s”", phrase=phrase)
                for phrase in suggestion.meets_my_needs]
    reasons += [gettext("looks for what you offer: “%(phrase)s”", phrase=phrase)
                for phrase in suggestion.wants_my_offers]
    return reasons
