"""The password policy: long enough, not a well-known password, not the e-mail address."""

from functools import cache
from importlib.resources import files

from flask import current_app
from flask_babel import gettext as _


@cache
def common_passwords() -> frozenset[str]:
    text = files("partners.accounts").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str, email: str = "") -> str | None:
    """Return what is wrong with `password` in the user's language, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("Use at least %(count)d characters.", count=minimum)
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        return _("This password is too common. Choose one that is harder to guess.")
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return _("Do not use your e-mail address in your password.")
    return None
