from collections.abc import Callable
from functools import wraps

from flask import abort, g
from flask_login import current_user

from partners.accounts.models import Role
from partners.accounts.sessions import Visit, expect_visit, record_visit
from partners.extensions import login_manager

VISIT_READ = "partners_visit_read"  # in flask.g: the value a page's visit read (`visit_read`)


def role_required(*roles: Role, visit: Callable[[], Visit] | None = None) -> Callable:
    """Anonymous visitors are sent to log in; signed-in users without one of `roles` get 403.

    `visit` makes, from the request, the audit entry of a page that shows personal data: written for every
    visit let through, before the page is drawn, and on PostgreSQL in the statement that reads the person
    (partners.accounts.sessions.Visit). The page finds the value read with it in `visit_read()`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            announced = visit() if visit is not None else None
            if announced is not None:
                expect_visit(announced, roles)
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            if announced is not None:
                setattr(g, VISIT_READ, record_visit(announced, current_user))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def visit_read():
    """The value the visit of this request's page read with its audit entry (see `role_required`)."""
    return g.get(VISIT_READ)
