"""The mail a registrant gets: confirmation (with the .ics and the check-in code), waiting list, promotion from
the waiting list, and cancellation of the event. Every message is `about` its registration, so erasing the
registration erases its mail.

A sign-up's first mail (confirmation or waiting list) is queued with the sign-up and written by the mail worker
when it sends it (`queue_mail_later`): its QR image, calendar file and text took as much CPU as the rest of the
sign-up, on the path that hundreds take in the same minute when registration opens."""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from partners.events.calendar import ics_filename, participant_calendar_bytes
from partners.events.models import Registration
from partners.events.qr import qr_png
from partners.extensions import db
from partners.outbox.models import OutboxMessage
from partners.outbox.services import Attachment, Written, mail_writer, queue_mail, queue_mail_later

REGISTERED, WAITLISTED = "event_registered", "event_waitlisted"


def registration_about(registration_id: int) -> str:
    """What the outbox rows about a registration are about (to find or erase them)."""
    return f"event-registration:{registration_id}"


def mail_signed_up(registration_id: int, seated: bool, recipient: str, locale: str) -> int:
    """Queue a sign-up's mail, a confirmation or the waiting list's, and return the message's id. The waiting
    list's says the person waits, not where: their place changes as people ahead leave, so the mail links to
    their registration page, which shows it as it is."""
    return queue_mail_later(REGISTERED if seated else WAITLISTED, recipient, locale,
                            about=registration_about(registration_id), registration_id=registration_id)


@mail_writer(REGISTERED)
def write_registered(registration_id: int) -> Written:
    registration = _registration(registration_id)
    return _written(registration, REGISTERED, _l("Your registration: %(title)s", title=registration.event.title),
                    qr_png=qr_png(registration.event_id, registration.check_in_code))


@mail_writer(WAITLISTED)
def write_waitlisted(registration_id: int) -> Written:
    registration = _registration(registration_id)
    return _written(registration, WAITLISTED,
                    _l("You are on the waiting list: %(title)s", title=registration.event.title))


def mail_promoted(registration: Registration, qr_png: bytes) -> None:
    _send(registration, "event_promoted", _l("A seat is now yours: %(title)s", title=registration.event.title),
          qr_png=qr_png)


def mail_event_cancelled(registration: Registration, reason: str) -> None:
    _send(registration, "event_cancelled", _l("Cancelled: %(title)s", title=registration.event.title),
          reason=reason)


def _send(registration: Registration, template: str, subject, qr_png: bytes | None = None,
          **context) -> OutboxMessage:
    written = _written(registration, template, subject, qr_png, **context)
    return queue_mail(written.template, registration.email, _locale(registration), written.subject,
                      about=registration_about(registration.id), attachments=written.attachments, **written.context)


def _written(registration: Registration, template: str, subject, qr_png: bytes | None = None,
             **context) -> Written:
    """A seat's mail (`qr_png` given) carries the event's .ics and the check-in QR code."""
    attachments = ()
    if qr_png is not None:
        attachments = (Attachment(ics_filename(registration.event), "text/calendar",
                                  participant_calendar_bytes(registration.event)),
                       Attachment(f"checkin-{registration.check_in_code}.png", "image/png", qr_png))
    return Written(template, subject, attachments, dict(
        context, registration=registration, event=registration.event, recipient_name=registration.person_name,
        registration_url=url_for("event_registration.show", registration_id=registration.id, _external=True)))


def _locale(registration: Registration) -> str:
    person = registration.user or registration.registered_by
    return person.locale if person is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def _registration(registration_id: int) -> Registration:
    """The registration with its event and person, in one query."""
    registration = db.session.get(Registration, registration_id,
                                  options=(joinedload(Registration.event), joinedload(Registration.user)))
    if registration is None:
        raise LookupError(f"registration {registration_id} is gone")
    return registration
