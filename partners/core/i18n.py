"""Language choice: the user's pick (remembered), then the browser's Accept-Language, then Japanese."""

from datetime import datetime

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from partners.core.sdgs import GOALS_BY_NUMBER
from partners.core.timeutil import local_date

SESSION_KEY = "lang"

ROLE_LABELS = {"staff": _l("Staff"), "judge": _l("Judge"), "admin": _l("Administrator")}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if request:
        chosen = session.get(SESSION_KEY)
        if chosen in languages:
            return chosen
        if current_user and current_user.is_authenticated and current_user.locale in languages:
            return current_user.locale
        best = request.accept_languages.best_match(languages)
        if best:
            return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def programme_name() -> str:
    """The programme's name is a setting, so another city runs its own without changing code."""
    key = "PROGRAMME_NAME_JA" if current_language() == "ja" else "PROGRAMME_NAME_EN"
    return current_app.config[key]


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(str(role), role))


def inject_language() -> dict:
    return {"current_language": current_language()}


# How a date with its time reads in each language: 2026年12月13日(日) 14:00 / Sun 13 Dec 2026, 14:00.
PERIOD_PATTERNS = {"ja": ("y年M月d日(E) H:mm", "H:mm"), "en": ("EEE d MMM y, H:mm", "H:mm")}


def format_period(start: datetime, end: datetime | None = None) -> str:
    """A start (and end) in the programme's time zone; the end shows only its time when it is the same day."""
    long, short = PERIOD_PATTERNS.get(current_language(), PERIOD_PATTERNS["en"])
    text = format_datetime(start, long)
    if end is None:
        return text
    same_day = local_date(start) == local_date(end)
    return f"{text}–{format_datetime(end, short if same_day else long)}"


def register_i18n(app: Flask) -> None:
    app.context_processor(inject_language)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(programme_name=programme_name, role_label=role_label, sdg=GOALS_BY_NUMBER.get)
    app.jinja_env.filters.update(format_date=format_date, format_datetime=format_datetime,
                                 format_period=format_period)
