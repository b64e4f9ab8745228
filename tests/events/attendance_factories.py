"""Registrations and staff for the check-in, attendance and reminder tests, made through the services."""

from flask import Flask

from partners.accounts.models import Role, User
from partners.events.models import AttendanceMode, Event, Registration
from partners.events.registration import register
from partners.extensions import db
from tests.factories import gen_user


def gen_registration(app: Flask, event: Event, user: User | None = None, mode: str = "in_person",
                     **user_fields) -> Registration:
    """`user` (a new citizen unless given) registers for `event` as the registration page does."""
    user = user or gen_user(app, **user_fields)
    with app.test_request_context():
        registration = register(event.id, db.session.get(User, user.id), AttendanceMode(mode))
        db.session.commit()
        registration = db.session.get(Registration, registration.id)
        db.session.expunge(registration)
    return registration


def gen_staff(app: Flask, email: str = "staff@example.jp") -> User:
    return gen_user(app, email=email, name="受付 担当", roles=(Role.STAFF,))


def fresh(app: Flask, registration_id: int) -> Registration:
    with app.app_context():
        registration = db.session.get(Registration, registration_id)
        db.session.expunge(registration)
    return registration
