"""Labels every card of the member list repeats, looked up once per language instead of once per card: they
depend on the code and the settings only, never on a request."""

from functools import cache

from flask import current_app
from flask_babel import force_locale

from partners.core.i18n import current_language
from partners.members.labels import KIND_LABELS


@cache
def _setting_labels(language: str, setting: str, pairs: tuple) -> dict[str, str]:
    return {value: (label if language == "en" else value) for value, label in pairs}


def setting_label(setting: str, value: str | None) -> str:
    """A configured value (district, group type) in the visitor's language, from a per-language table."""
    if not value:
        return ""
    pairs = tuple(tuple(pair) for pair in current_app.config[setting])
    return _setting_labels(current_language(), setting, pairs).get(value, value)


@cache
def _kind_labels(language: str) -> dict[str, str]:
    with force_locale(language):
        return {str(kind): str(label) for kind, label in KIND_LABELS.items()}


def kind_label(kind) -> str:
    return _kind_labels(current_language())[str(kind)]


