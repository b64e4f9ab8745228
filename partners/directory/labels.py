"""Labels every card of the member list repeats, looked up once per language instead of once per card: they
depend on the code and the settings only, never on a request."""

from flask import current_app
from flask_babel import force_locale, gettext

from partners.core.i18n import current_language
from partners.core.sdgs import GOALS
from partners.members.labels import KIND_LABELS


def card_labels(language: str | None = None) -> dict:
    """Kinds, districts, group types, goal names and the cards' fixed words in one language, made once per
    language and app (the districts and group types are the app's settings)."""
    language = language or current_language()
    cache = current_app.extensions.setdefault("directory_card_labels", {})
    if language not in cache:
        english = language == "en"
        with force_locale(language):
            cache[language] = {
                "kind": {str(kind): str(label) for kind, label in KIND_LABELS.items()},
                "area": {value: label if english else value for value, label in current_app.config["PARTNER_AREAS"]},
                "group_type": {value: label if english else value
                               for value, label in current_app.config["GROUP_TYPES"]},
                "goal": [(goal.number, f"{goal.number}. {goal.name_en if english else goal.name_ja}")
                         for goal in GOALS],
                "we_offer": gettext("We offer"), "we_look_for": gettext("We look for"),
            }
    return cache[language]


def kind_label(kind) -> str:
    return card_labels()["kind"][str(kind)]


def setting_label(setting: str, value: str | None) -> str:
    """A district or group type in the visitor's language."""
    if not value:
        return ""
    return card_labels()["area" if setting == "PARTNER_AREAS" else "group_type"].get(value, value)
