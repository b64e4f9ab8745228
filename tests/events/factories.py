"""Events for tests, made through the publishing services like staff make them."""

from datetime import timedelta

from flask import Flask

from partners.core.timeutil import utcnow
from partners.events import publishing
from partners.events.models import Audience, Event, EventFormat, EventKind
from partners.events.publishing import EventData
from partners.extensions import db
from tests.factories import gen_user


def gen_event(app: Flask, status: str = "published", starts_in: timedelta = timedelta(days=7), **fields) -> Event:
    """A published hybrid lecture a week from now unless told otherwise."""
    staff = gen_user(app, roles=("staff",))
    starts_at = utcnow() + starts_in
    data = EventData(kind=EventKind.LECTURE, title="生物多様性 パートナー講座", starts_at=starts_at,
                     ends_at=starts_at + timedelta(hours=2), format=EventFormat.HYBRID, theme="生物多様性",
                     venue="つくば市役所 会議室", venue_address="つくば市研究学園1-1-1",
                     online_url="https://meet.example.jp/secret-room", capacity_in_person=30, capacity_online=100,
                     audience=Audience.ANYONE, certifies=False)
    for name, value in fields.items():
        setattr(data, name, value)
    with app.test_request_context():
        actor = db.session.get(type(staff), staff.id)
        event = publishing.create_event(data, actor)
        db.session.commit()
        if status in {"published", "cancelled"}:
            publishing.publish(event.id, actor)
            db.session.commit()
        if status == "cancelled":
            publishing.cancel_event(event.id, actor, "test")
            db.session.commit()
        event = db.session.get(Event, event.id)
        db.session.expunge(event)
    return event
