"""How the programme's stored values read on screen, in the visitor's language."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from partners.core.i18n import current_language
from partners.members.lifecycle import status_label
from partners.members.models import ContactRole, PartnerKind, Visibility

KIND_LABELS = {PartnerKind.INDIVIDUAL: _l("Individual"), PartnerKind.GROUP: _l("Group")}
VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Public"),
    Visibility.PARTNERS: _l("Partners only"),
    Visibility.PRIVATE: _l("Private"),
}
SECTION_LABELS = {
    "listing": _l("Name, district and goals in the member list"),
    "activities": _l("Activities"),
    "offers_needs": _l("What we offer and what we look for"),
    "contact": _l("Contact details"),
}
# Where a staff search matched: shorter than SECTION_LABELS, which name what a partner publishes.
MATCH_LABELS = {
    "listing": _l("name or reading"),
    "activities": _l("activities"),
    "offers_needs": _l("offers or needs"),
    "contact": _l("contact details"),
}
# Certifying an individual and approving a group are the same act (the applicant becomes a partner with a
# member number), so staff see one label for both.
ACTION_LABELS = {
    "certify": _l("Certify as partner"),
    "approve": _l("Certify as partner"),
    "request_changes": _l("Send back for changes"),
    "reject": _l("Reject"),
    "suspend": _l("Suspend"),
    "reinstate": _l("Reinstate"),
    "withdraw": _l("Withdraw (removes personal data)"),
}
CONTACT_ROLE_LABELS = {ContactRole.OWNER: _l("Owner"), ContactRole.EDITOR: _l("Editor")}


def contact_role_label(role: ContactRole | str) -> str:
    return str(CONTACT_ROLE_LABELS[ContactRole(role)])


def setting_label(setting: str, value: str | None) -> str:
    """The English label of a configured value (district, group type) for English pages."""
    if not value:
        return ""
    if current_language() == "en":
        return dict(current_app.config[setting]).get(value, value)
    return value


def setting_choices(setting: str) -> list[tuple[str, str]]:
    english = current_language() == "en"
    return [(value, label if english else value) for value, label in current_app.config[setting]]


def register_labels(app) -> None:
    app.jinja_env.globals.update(
        status_label=status_label,
        kind_label=lambda kind: str(KIND_LABELS[PartnerKind(kind)]),
        visibility_label=lambda level: str(VISIBILITY_LABELS[Visibility(level)]),
        section_label=lambda section: str(SECTION_LABELS[section]),
        matched_labels=lambda sections: [str(MATCH_LABELS[section]) for section in sections],
        action_label=lambda action: str(ACTION_LABELS[action]),
        contact_role_label=contact_role_label,
        area_label=lambda value: setting_label("PARTNER_AREAS", value),
        group_type_label=lambda value: setting_label("GROUP_TYPES", value),
    )
