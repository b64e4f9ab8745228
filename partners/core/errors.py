"""Error pages in the visitor's language; errors a visitor cannot cause are logged."""

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from partners.core.database import is_database_busy
from partners.extensions import db

ERROR_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("The uploaded file is larger than we accept.")),
    429: (_l("Too many requests"), _l("You tried too many times. Please wait a little and try again.")),
    503: (
        _l("Busy right now"),
        _l("Someone else is saving a large amount of data. Nothing you entered was saved: please go back and try "
           "again in a minute."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. We have been notified; please try again later."),
    ),
}


def render_error(error: HTTPException):
    code = error.code or 500
    if isinstance(error, SecurityError):
        # A Host we do not serve: no link may be built from it, not even those of the error page.
        return Response("Bad request: unknown host", code, mimetype="text/plain")
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    if request.path.startswith("/api/"):
        # The open-data API answers its own errors in JSON; this is for those raised before it is reached (an id
        # out of range, a method it does not allow).
        return jsonify(message=str(message)), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def render_csrf_error(error: CSRFError):
    """A form sent without a valid token (usually a page left open too long): say so, in the visitor's language;
    the reason is one of Flask-WTF's messages, translated in our catalogue (core.forms.LIBRARY_MESSAGES)."""
    message = _("%(reason)s Please reload the page and send the form again.",
                reason=get_translations().gettext(error.description))
    return render_template("errors/error.html", code=400, title=_l("The form could not be sent"),
                           message=message), 400


def handle_unexpected(error: InternalServerError):
    return render_error(InternalServerError())


def handle_database_error(error: OperationalError):
    """A write that waited out SQLite's busy timeout gets a "try again" page; anything else is a real fault."""
    db.session.rollback()
    if is_database_busy(error):
        current_app.logger.warning("database busy: %s", error.orig)
        title, message = ERROR_MESSAGES[503]
        response = render_template("errors/error.html", code=503, title=title, message=message)
        return response, 503, {"Retry-After": "30"}
    current_app.logger.exception("database error", exc_info=error)
    return render_error(InternalServerError())


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(OperationalError, handle_database_error)
