"""Language choice: the user's pick (remembered), then the browser's Accept-Language, then Japanese."""

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from babel.support import NullTranslations
from flask import Flask, current_app, request, session
from flask.globals import _cv_app
from flask_babel import format_date, format_datetime, get_locale, get_translations
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


class Language(NamedTuple):
    locale: object
    translations: NullTranslations
    code: str


def language() -> Language:
    """The current locale's translations and code, looked up once per locale per request.

    Flask-Babel finds them again on every call (context, locale, the locale's identifier, its cache): a list
    page calls gettext and friends hundreds of times, and that lookup was a third of its time. The answer is
    kept beside Flask-Babel's own per-request state and checked against the locale it holds now, so
    `force_locale` (mail in the recipient's language) is followed as before."""
    context = _cv_app.get(None)
    state = getattr(context.g, "_flask_babel", None) if context is not None else None
    locale = getattr(state, "babel_locale", None)
    if locale is None:  # nothing chosen yet in this request (or outside one): the slow path chooses
        locale = get_locale()
        state = getattr(context.g, "_flask_babel", None) if context is not None else None
        if locale is None or state is None:
            return Language(None, get_translations(), current_app.config["BABEL_DEFAULT_LOCALE"])
    known = getattr(state, "partners_language", None)
    if known is not None and known.locale is locale:
        return known
    state.partners_language = Language(locale, get_translations(), str(locale))
    return state.partners_language


def current_language() -> str:
    return language().code


def fast_gettext(string: str) -> str:
    return language().translations.ugettext(string)


def fast_ngettext(singular: str, plural: str, number: int) -> str:
    return language().translations.ungettext(singular, plural, number)


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
    return _format_period(current_language(), start, end)


@lru_cache(maxsize=4096)
def _format_period(language_code: str, start: datetime, end: datetime | None) -> str:
    """Formatting a date is slow (Babel's patterns), and a list shows the same few dates again and again."""
    long, short = PERIOD_PATTERNS.get(language_code, PERIOD_PATTERNS["en"])
    text = format_datetime(start, long)
    if end is None:
        return text
    same_day = local_date(start) == local_date(end)
    return f"{text}–{format_datetime(end, short if same_day else long)}"


def register_i18n(app: Flask) -> None:
    app.context_processor(inject_language)
    # Flask-Babel's own callables find the translations anew on each call; these find them once per locale.
    app.jinja_env.install_gettext_callables(gettext=fast_gettext, ngettext=fast_ngettext, newstyle=True)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(programme_name=programme_name, role_label=role_label, sdg=GOALS_BY_NUMBER.get)
    app.jinja_env.filters.update(format_date=format_date, format_datetime=format_datetime,
                                 format_period=format_period)
