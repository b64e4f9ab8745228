from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from partners.accounts.models import Role
from partners.extensions import login_manager


def role_required(*roles: Role) -> Callable:
    """Anonymous visitors are sent to log in; signed-in users without one of `roles` get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
