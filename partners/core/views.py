"""Pages that belong to no feature: the home page, the privacy policy, the language switch and the health check."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from partners.core.i18n import SESSION_KEY
from partners.core.office import programme_office
from partners.core.security import safe_next_path
from partners.core.seo import paged_title, public_url
from partners.extensions import csrf, db
from partners.portal.home import home_page

bp = Blueprint("core", __name__)
bp.record_once(lambda state: state.app.jinja_env.globals.update(programme_office=programme_office,
                                                                public_url=public_url, paged_title=paged_title))


@bp.get("/")
def index():
    return home_page()


@bp.get("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.get("/language")
def choose_language():
    """A visitor's switch: a GET form, so that a page needs no session (and sets no cookie) to offer it. It only
    remembers the choice in this browser's session, which nobody else can be made to read; a signed-in person
    switches with the POST below, which also saves the choice on their account."""
    _remember_language(request.args.get("language", ""))
    return redirect(safe_next_path(request.args.get("next")) or url_for("core.index"))


@bp.post("/language")
def set_language():
    language = _remember_language(request.form.get("language", ""))
    if language and current_user.is_authenticated and current_user.locale != language:
        current_user.locale = language
        db.session.commit()
    return redirect(safe_next_path(request.form.get("next")) or url_for("core.index"))


def _remember_language(language: str) -> str | None:
    if language not in current_app.config["LANGUAGES"]:
        return None
    if session.get(SESSION_KEY) != language:
        session[SESSION_KEY] = language
    return language


@bp.get("/healthz")
@csrf.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
