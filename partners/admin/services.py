"""Granting and removing roles. A change that would do nothing is refused, so the page never reports a
success that did not happen."""

from flask_babel import lazy_gettext as _l

from partners.accounts.models import Role, User
from partners.core.i18n import role_label


class RoleChangeRefused(Exception):
    """The change cannot be made; the message says why in the user's language."""


def grant_role(user: User, role: Role) -> None:
    if role in user.roles:
        raise RoleChangeRefused(_l("%(name)s already has the role %(role)s.", name=user.name, role=role_label(role)))
    user.grant(role)


def revoke_role(user: User, role: Role, actor: User) -> None:
    if role not in user.roles:
        raise RoleChangeRefused(_l("%(name)s does not have the role %(role)s, so there is nothing to remove.",
                                   name=user.name, role=role_label(role)))
    if role == Role.ADMIN and user.id == actor.id:
        raise RoleChangeRefused(_l("You cannot take the administrator role from yourself."))
    user.revoke(role)
