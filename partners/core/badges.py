"""Goal badges, drawn once per language instead of once per badge.

The member list and the staff list show up to 50 partners with up to 17 goal badges each; resolving each
badge's lazy translation and the locale again for every badge of every row was most of the page's time (a
profile of the staff list: 60 % in Jinja). The badges' HTML depends on the code only, never on a request."""

from functools import cache

from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from partners.core.i18n import current_language
from partners.core.sdgs import GOALS


@cache
def _badges(language: str) -> tuple[str, dict[int, str]]:
    with force_locale(language):
        label = str(escape(gettext("SDGs")))
        badges = {}
        for goal in GOALS:
            name = escape(goal.name_en if language == "en" else goal.name_ja)
            hidden = escape(gettext("Goal %(number)d: %(name)s", number=goal.number, name=goal.name_en
                                    if language == "en" else goal.name_ja))
            badges[goal.number] = (f'<li class="goal-badge goal-{goal.number}" title="{name}"><span aria-hidden="true">'
                                   f'{goal.number}</span><span class="visually-hidden">{hidden}</span></li>')
    return label, badges


def goal_badges_html(numbers, language: str | None = None) -> Markup:
    """The goal badges of a partner, as the `goal_badges` macro draws them; a page drawing many passes the
    language it already knows."""
    label, badges = _badges(language or current_language())
    items = "".join(badges[number] for number in numbers if number in badges)
    return Markup(f'<ul class="goal-badges" aria-label="{label}">{items}</ul>')  # noqa: S704 - escaped above


def register_badges(app) -> None:
    app.jinja_env.globals["goal_badges_html"] = goal_badges_html
