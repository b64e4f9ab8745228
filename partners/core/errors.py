"""Error pages in the visitor's language; errors a visitor cannot cause are logged."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

ERROR_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("The uploaded file is larger than we accept.")),
    429: (_l("Too many requests"), _l("You tried too many times. Please wait a little and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. We have been notified; please try again later."),
    ),
}


def render_error(error: HTTPException):
    code = error.code or 500
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_unexpected(error: InternalServerError):
    return render_error(InternalServerError())


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
