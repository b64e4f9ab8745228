"""Small builders for test data. Each commits and hands back a detached object whose fields can be read
after the app context has gone. Password hashing is the real scrypt, done once per password."""

from functools import cache
from itertools import count

from flask import Flask
from werkzeug.security import generate_password_hash

from partners.accounts.models import Role, User
from partners.core.timeutil import utcnow
from partners.extensions import db

PASSWORD = "correct-horse-battery"  # noqa: S105
_sequence = count(1)


@cache
def password_hash(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def saved(app: Flask, record):
    with app.app_context():
        db.session.add(record)
        db.session.commit()
        db.session.refresh(record)
        db.session.expunge(record)
    return record


def gen_user(
    app: Flask,
    email: str | None = None,
    name: str = "テスト 利用者",
    password: str = PASSWORD,
    roles: tuple[Role, ...] = (),
    verified: bool = True,
    locale: str = "ja",
) -> User:
    user = User(
        email=email or f"user{next(_sequence)}@example.jp",
        name=name,
        password_hash=password_hash(password),
        locale=locale,
        failed_logins=0,
        email_verified_at=utcnow() if verified else None,
    )
    for role in roles:
        user.grant(role)
    return saved(app, user)
