"""The mail a registrant gets: confirmation (with the .ics and the check-in code), waiting list, promotion from
the waiting list, and cancellation of the event. Every message is `about` its registration, so erasing the
registration erases its mail."""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from partners.events.calendar import ics_filename, participant_calendar_bytes
from partners.events.models import Registration
from partners.outbox.models import OutboxMessage
from partners.outbox.services import Attachment, queue_mail


def registration_about(registration: Registration) -> str:
    return f"event-registration:{registration.id}"


def mail_registered(registration: Registration, qr_png: bytes) -> OutboxMessage:
    return _send(registration, "event_registered",
                 _l("Your registration: %(title)s", title=registration.event.title), qr_png=qr_png)


def mail_waitlisted(registration: Registration) -> OutboxMessage:
    """Says the person waits, not where: their place changes as people ahead leave, so the mail links to their
    registration page, which shows it as it is."""
    return _send(registration, "event_waitlisted",
                 _l("You are on the waiting list: %(title)s", title=registration.event.title))


def mail_promoted(registration: Registration, qr_png: bytes) -> None:
    _send(registration, "event_promoted", _l("A seat is now yours: %(title)s", title=registration.event.title),
          qr_png=qr_png)


def mail_event_cancelled(registration: Registration, reason: str) -> None:
    _send(registration, "event_cancelled", _l("Cancelled: %(title)s", title=registration.event.title),
          reason=reason)


def _send(registration: Registration, template: str, subject, qr_png: bytes | None = None,
          **context) -> OutboxMessage:
    """A seat's mail (`qr_png` given) carries the event's .ics and the check-in QR code."""
    person = registration.user or registration.registered_by
    locale = person.locale if person is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    attachments = ()
    if qr_png is not None:
        attachments = (Attachment(ics_filename(registration.event), "text/calendar",
                                  participant_calendar_bytes(registration.event)),
                       Attachment(f"checkin-{registration.check_in_code}.png", "image/png", qr_png))
    return queue_mail(template, registration.email, locale, subject, about=registration_about(registration),
               attachments=attachments, registration=registration, event=registration.event,
               recipient_name=registration.person_name,
               registration_url=url_for("event_registration.show", registration_id=registration.id,
                                        _external=True),
               **context)
