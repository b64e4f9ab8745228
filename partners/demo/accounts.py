"""Demo accounts. Hashing a password costs a fifth of a second on purpose (scrypt), and the demo makes some
eighty accounts: each password is hashed once per process and its hash shared, which made seeding twice as fast.
Accounts nobody signs in with get a random password that is never shown."""

import secrets
from functools import cache

from partners.accounts.models import Role, User, hash_password
from partners.accounts.services import create_user, find_user_by_email

NO_LOGIN_PASSWORD = secrets.token_urlsafe(32)


@cache
def _hash_of(password: str) -> str:
    return hash_password(password)


def demo_account(email: str, name: str, roles: list[Role] | None = None, password: str = NO_LOGIN_PASSWORD) -> User:
    """The demo account with this address, made (verified) if it is missing."""
    return find_user_by_email(email) or create_user(email, name, roles=roles or [],
                                                    password_hash=_hash_of(password))
