"""Held events for the report and erasure tests: people register while the event is ahead, then it is moved
into the past and attendance is recorded through the attendance services, as at the door."""

from datetime import datetime, timedelta

from flask import Flask

from partners.accounts.models import User
from partners.events import publishing
from partners.events.attendance import record_attended_by_id
from partners.events.models import Event
from partners.extensions import db


def hold(app: Flask, event_id: int, starts_at: datetime) -> None:
    """Move the event (registrations taken) to `starts_at`, two hours long."""
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at, event.ends_at = starts_at, starts_at + timedelta(hours=2)
        db.session.commit()


def attend(app: Flask, event_id: int, registration_ids: list[int], staff: User) -> None:
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        for registration_id in registration_ids:
            record_attended_by_id(event_id, registration_id, actor)
            db.session.commit()


def finish(app: Flask, event_id: int, staff: User) -> None:
    with app.test_request_context():
        publishing.finish_event(event_id, db.session.get(User, staff.id))
        db.session.commit()
