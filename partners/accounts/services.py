"""Account operations. Each takes explicit arguments and leaves committing to the caller."""

import secrets
from collections.abc import Iterable
from datetime import timedelta
from functools import cache

from blinker import Namespace
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from partners.accounts import sessions
from partners.accounts.models import Role, User, hash_password, password_matches
from partners.accounts.tokens import InvalidToken, fingerprint, make_token, read_token
from partners.core.text import normalise_email, normalise_text
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.outbox.services import erase_mail, queue_mail

# Sent before an account is deleted, so that features holding the person's data (an individual partnership)
# can remove it first without the accounts package knowing about them.
account_deleting = Namespace().signal("account-deleting")

VERIFY = "verify-email"
RESET = "reset-password"
CHANGE_EMAIL = "change-email"


class AccountError(Exception):
    """A problem the person can fix; its message is shown to them."""


WRONG_PASSWORD = _l("Your current password is not correct.")
LOCKED = _l("Too many wrong passwords were entered for this account. It is locked for a few minutes; please try "
            "again later.")


@cache
def _dummy_password_hash() -> str:
    """Checked against when there is no account, so that an unknown address costs the same scrypt work as a
    wrong password and the answer's timing does not tell who has an account."""
    return hash_password(secrets.token_urlsafe(16))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(email: str, name: str, password: str, locale: str) -> User | None:
    """Create an unverified account and mail a verification link. When the address is taken, mail its owner
    instead and return None, so that the sign-up page never tells who has an account."""
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the same work as a new account, so that the answer's timing tells nothing
        queue_mail(
            "account_exists",
            existing.email,
            existing.locale,
            _l("Someone tried to sign up with your e-mail address"),
            user=existing,
            login_url=url_for("accounts.login", _external=True),
            reset_url=url_for("accounts.forgot_password", _external=True),
        )
        return None
    user = User(email=normalise_email(email), name=normalise_text(name), locale=locale, failed_logins=0)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def send_verification(user: User) -> None:
    token = make_token(VERIFY, {"uid": user.id, "email": user.email})
    queue_mail(
        "verify_email",
        user.email,
        user.locale,
        _l("Confirm your e-mail address"),
        user=user,
        url=url_for("accounts.verify_email", token=token, _external=True),
    )


def verify_email(token: str) -> User:
    payload = read_token(VERIFY, token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email") or user.is_verified:
        raise InvalidToken
    user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the password is right and the account is not locked; count failures otherwise.

    Unknown addresses, wrong passwords and locked accounts all return None after the same hashing work: the
    caller shows one message."""
    user = find_user_by_email(email)
    if user is None:
        password_matches(_dummy_password_hash(), password)
        return None
    if not _password_accepted(user, password):
        return None
    user.last_login_at = utcnow()
    return user


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def _password_accepted(user: User, password: str) -> bool:
    """Check `password`, counting a failure toward the lockout that logins and the account settings share.
    A locked account accepts no password until the lock runs out."""
    matches = user.check_password(password)
    if is_locked(user):
        return False
    if not matches:
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_LOCK_AFTER_FAILURES"]:
            user.locked_until = utcnow() + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
        return False
    user.failed_logins = 0
    user.locked_until = None
    return True


def confirm_current_password(user: User, password: str) -> None:
    """For changes a signed-in person makes to their account. The failure count is changed either way: the
    caller commits it even when this raises."""
    if not _password_accepted(user, password):
        raise AccountError(LOCKED if is_locked(user) else WRONG_PASSWORD)


def request_password_reset(email: str) -> None:
    """Mail a reset link when the address has an account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = make_token(RESET, {"uid": user.id, "state": _reset_state(user)})
    queue_mail(
        "reset_password",
        user.email,
        user.locale,
        _l("Reset your password"),
        user=user,
        url=url_for("accounts.reset_password", token=token, _external=True),
    )


def _reset_state(user: User) -> str:
    """A reset link works only while the address it was mailed to and the password it replaces are current."""
    return fingerprint(f"{user.email}\n{user.password_hash}")


def user_for_reset_token(token: str) -> User:
    payload = read_token(RESET, token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or _reset_state(user) != payload.get("state"):
        raise InvalidToken
    return user


def reset_password(token: str, new_password: str) -> User:
    """Whoever knew the old password may be logged in somewhere: every session of the person ends."""
    user = user_for_reset_token(token)
    user.set_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    if not user.is_verified:
        user.email_verified_at = utcnow()
    sessions.end_other_sessions(user, keep_session_id=None)
    return user


def change_password(user: User, current_password: str, new_password: str, current_session_id: int | None) -> None:
    """Every other session of the person ends; the one that made the change stays logged in."""
    confirm_current_password(user, current_password)
    user.set_password(new_password)
    sessions.end_other_sessions(user, keep_session_id=current_session_id)


def request_email_change(user: User, new_email: str, password: str) -> None:
    confirm_current_password(user, password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(_l("That is already your e-mail address."))
    token = make_token(CHANGE_EMAIL, {"uid": user.id, "old": user.email, "new": new_email})
    queue_mail(
        "change_email",
        new_email,
        user.locale,
        _l("Confirm your new e-mail address"),
        user=user,
        url=url_for("accounts.confirm_email_change", token=token, _external=True),
    )


def confirm_email_change(token: str) -> User:
    payload = read_token(CHANGE_EMAIL, token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("old"):
        raise InvalidToken
    if find_user_by_email(payload["new"]) is not None:
        raise AccountError(_l("Another account already uses that e-mail address."))
    queue_mail(
        "email_changed",
        user.email,
        user.locale,
        _l("Your e-mail address was changed"),
        user=user,
        new_email=payload["new"],
    )
    user.email = payload["new"]
    user.email_verified_at = utcnow()
    return user


def delete_account(user: User, password: str) -> None:
    confirm_current_password(user, password)
    account_deleting.send(user)
    erase_mail(recipients={user.email})
    db.session.delete(user)


def create_user(email: str, name: str, password: str | None = None, roles: Iterable[str] = (),
                password_hash: str | None = None) -> User:
    """For the CLI and scripts: an account that is verified from the start. Scripts that make many accounts
    with one password pass its `password_hash` instead, made once."""
    if find_user_by_email(email) is not None:
        raise AccountError(_l("Another account already uses that e-mail address."))
    user = User(
        email=normalise_email(email), name=normalise_text(name), locale="ja", failed_logins=0,
        email_verified_at=utcnow(),
    )
    if password_hash is None:
        user.set_password(password)
    else:
        user.password_hash = password_hash
    for role in roles:
        user.grant(Role(role))
    db.session.add(user)
    return user
