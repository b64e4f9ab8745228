"""Reminder mail before an event: each registrant of a published event starting within the window gets one,
once (`Registration.reminder_sent_at`), however often the command runs and however many run at once."""

from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from partners.core.database import begin_write
from partners.core.timeutil import utcnow
from partners.events.mails import registration_about
from partners.events.models import Event, EventStatus, Registration, RegistrationStatus
from partners.extensions import db
from partners.outbox.services import queue_mail

BATCH = 100


def send_reminders(within: timedelta, now: datetime | None = None) -> int:
    """Queue a reminder for every registered person (not waiting, not cancelled) of each published event that
    starts after `now` and no later than `now + within`; returns how many were queued.

    Each batch marks its registrations and queues their mail in one transaction: a registration is mailed
    exactly when it is marked. Rows are locked as they are picked (FOR UPDATE SKIP LOCKED on PostgreSQL, so a
    second run at the same time takes other rows; SQLite lets one writer in at a time), and a row is picked
    only while unmarked."""
    now = now or utcnow()
    queued = 0
    while True:
        begin_write(db.session)
        registrations = db.session.scalars(
            select(Registration).join(Event, Event.id == Registration.event_id)
            .where(Event.status == EventStatus.PUBLISHED, Event.starts_at > now, Event.starts_at <= now + within,
                   Registration.status == RegistrationStatus.REGISTERED, Registration.reminder_sent_at.is_(None))
            .order_by(Registration.id).limit(BATCH)
            .with_for_update(of=Registration, skip_locked=True)
        ).all()
        if not registrations:
            db.session.commit()
            return queued
        for registration in registrations:
            registration.reminder_sent_at = now
            mail_reminder(registration)
        db.session.commit()
        queued += len(registrations)


def mail_reminder(registration: Registration) -> None:
    event = registration.event
    person = registration.user or registration.registered_by
    locale = person.locale if person is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    queue_mail("event_reminder", registration.email, locale, _l("Reminder: %(title)s", title=event.title),
               about=registration_about(registration.id), registration=registration, event=event,
               recipient_name=registration.person_name,
               registration_url=url_for("event_registration.show", registration_id=registration.id,
                                        _external=True))
