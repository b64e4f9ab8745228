"""Limits on the mail a person can make the system send: per signed-in account and per recipient address, across
every route that sends mail (the counters are shared). The numbers come from the configuration.

Routes that mail on every valid submission are decorated with `mail_limits`; they count only requests that
end in a redirect, so a form sent back with an error costs nothing. Routes that mail only on some paths (logging
in to an unverified account) or must answer identically either way (signing up) ask `mail_allowed` at that point.
"""

import hashlib
from collections.abc import Callable

from flask import current_app, flash, g, request
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_login import current_user

from partners.core.text import normalise_email
from partners.extensions import limiter

ACCOUNT_SCOPE = "mail-per-account"
ADDRESS_SCOPE = "mail-per-address"

TOO_MANY_MAILS = _l("We have sent several e-mails for this recently. To protect the people who receive them, "
                    "please wait a while (up to an hour) and try again.")


def per_account_limit() -> str:
    return current_app.config["MAIL_RATE_LIMIT_PER_ACCOUNT"]


def per_address_limit() -> str:
    return current_app.config["MAIL_RATE_LIMIT_PER_ADDRESS"]


def address_key_for(typed: str) -> str:
    """The counter's key for an address as typed: a digest, so that the limiter's storage holds no e-mail
    addresses (nothing to erase with an account) and nothing a database would refuse, however hostile the
    input; empty when nothing was typed."""
    address = normalise_email(typed)
    return hashlib.sha256(address.encode(errors="replace")).hexdigest() if address else ""


def account_key() -> str:
    return f"user:{current_user.id}"


def is_anonymous() -> bool:
    return not current_user.is_authenticated


def redirected(response) -> bool:
    """Our forms redirect after they have done their work (and sent their mail) and re-render on errors."""
    return response.status_code in {301, 302, 303}


def tell_to_wait(_request_limit) -> None:
    flash(TOO_MANY_MAILS, "error")


def mail_limits(address_field: str = "email") -> Callable:
    """Limit a route that mails the address typed into `address_field` (and, when signed in, the account)."""

    def address_key() -> str:
        return address_key_for(request.form.get(address_field, ""))

    def no_address() -> bool:
        return not address_key()

    per_account = limiter.shared_limit(
        per_account_limit, ACCOUNT_SCOPE, key_func=account_key, methods=["POST"], exempt_when=is_anonymous,
        deduct_when=redirected, on_breach=tell_to_wait,
    )
    per_address = limiter.shared_limit(
        per_address_limit, ADDRESS_SCOPE, key_func=address_key, methods=["POST"], exempt_when=no_address,
        deduct_when=redirected, on_breach=tell_to_wait,
    )

    def decorator(view: Callable) -> Callable:
        return per_account(per_address(view))

    return decorator


def _address_in_request() -> str:
    return g.mail_limit_address


def mail_allowed(address: str) -> bool:
    """Count one mail to `address` now and say whether the limit allows it. The key comes from the request
    context rather than a closure: the limiter keeps one definition per call site, shared by all requests."""
    g.mail_limit_address = address_key_for(address)
    try:
        with limiter.shared_limit(per_address_limit, ADDRESS_SCOPE, key_func=_address_in_request):
            return True
    except RateLimitExceeded:
        return False
