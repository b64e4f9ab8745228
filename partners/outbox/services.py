"""Queue mail in the caller's transaction; deliver it later, at least once."""

import json
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, has_request_context, render_template, request
from flask_babel import LazyString, force_locale, gettext
from flask_mail import Message
from jinja2 import TemplateNotFound
from sqlalchemy import delete, insert, or_, select

from partners.core.i18n import programme_name
from partners.core.timeutil import utcnow
from partners.extensions import db, mail
from partners.outbox.models import MailStatus, OutboxAttachment, OutboxMessage

MAX_BACKOFF = timedelta(hours=6)
SUBJECT_LENGTH = OutboxMessage.__table__.c.subject.type.length


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (e.g. an event's .ics): stored with it in the outbox, sent with it."""

    filename: str
    content_type: str
    content: bytes


def queue_mail(template: str, recipient: str, locale: str, subject: LazyString | str, about: str | None = None,
               attachments: Sequence[Attachment] = (), **context) -> OutboxMessage:
    """Render `templates/mail/<template>.txt` (and `.html` when present) in the recipient's language and add
    the message to the session; it is sent only if the caller's transaction commits. `about` names the record
    the message concerns ("partner:12"), so that erasing the record erases its mail. Every subject starts with
    the programme's name (【つくばSDGsパートナーズ】), so that people recognise the city's mail; templates get
    the `recipient` address, to greet a person whose name we do not know."""
    message = OutboxMessage(template=template, about=about, recipient=recipient, locale=locale)
    _write(message, Written(template, subject, attachments, context))
    db.session.add(message)
    return message


@dataclass(frozen=True)
class Written:
    """A message as a writer (`mail_writer`) makes it: what `queue_mail` takes besides recipient and about."""

    template: str
    subject: LazyString | str
    attachments: Sequence[Attachment] = ()
    context: dict = field(default_factory=dict)


# Writers of messages queued with `queue_mail_later`, by name; features register theirs with `mail_writer`.
_WRITERS: dict[str, Callable[..., Written]] = {}


def mail_writer(name: str):
    """Register the function that writes the messages queued with `queue_mail_later(name, …)`: it gets the
    keyword arguments given there and returns a `Written`."""
    def register(function: Callable[..., Written]) -> Callable[..., Written]:
        _WRITERS[name] = function
        return function
    return register


# A message queued with `queue_mail_later` is one Core insert, its statement built once: making the ORM object and
# flushing it was a tenth of a sign-up's CPU. Status, attempts and times take the columns' defaults.
_QUEUE_LATER = insert(OutboxMessage.__table__).returning(OutboxMessage.__table__.c.id)


def queue_mail_later(writer: str, recipient: str, locale: str, about: str | None = None, **arguments) -> int:
    """Queue a message that the mail worker writes when it sends it, with the writer registered as `writer`
    (`mail_writer`) and `arguments` (plain JSON values: ids, not records), and return its id. For mail on a busy
    path whose writing costs more than the request that queues it: a sign-up's confirmation, with its QR image
    and calendar file, took as long to write as the rest of the sign-up. The writer runs in a request context
    with the URL root of the one that queued the message, in the recipient's language, and reads the records as
    they are then. The row is written at once, in the caller's transaction: it is sent only if that commits."""
    url_root = request.url_root if has_request_context() else None
    return db.session.execute(_QUEUE_LATER, {
        "template": writer, "about": about, "recipient": recipient, "locale": locale, "subject": "",
        "body_text": "", "write_with": writer,
        "write_context": json.dumps({"url_root": url_root, "arguments": arguments}),
    }).scalar_one()


def _write(message: OutboxMessage, written: Written) -> None:
    context = dict(written.context, recipient=message.recipient)
    with force_locale(message.locale):
        message.template = written.template
        message.body_text = render_template(f"mail/{written.template}.txt", **context)
        try:
            message.body_html = render_template(f"mail/{written.template}.html", **context)
        except TemplateNotFound:
            message.body_html = None
        full_subject = gettext("[%(programme)s] %(subject)s", programme=programme_name(),
                               subject=str(written.subject))
        message.subject = full_subject[:SUBJECT_LENGTH]
        message.attachments = [OutboxAttachment(filename=a.filename, content_type=a.content_type, content=a.content)
                               for a in written.attachments]


def _write_queued(message: OutboxMessage) -> None:
    """Write a message queued with `queue_mail_later`, as its writer says."""
    queued = json.loads(message.write_context)
    url_root = queued["url_root"]
    # The message (its attempt counted) is saved once, with what is written, at the commit: not before each
    # query the writer makes.
    with current_app.test_request_context(base_url=url_root) if url_root else nullcontext(), \
            db.session.no_autoflush:
        _write(message, _WRITERS[message.write_with](**queued["arguments"]))
    message.write_with = message.write_context = None


def erase_mail(about: str | None = None, recipients: set[str] = frozenset()) -> None:
    """Delete every message, sent or not, about a record or to any of `recipients`: erasure reaches mail too."""
    conditions = [OutboxMessage.recipient.in_(recipients)] if recipients else []
    if about is not None:
        conditions.append(OutboxMessage.about == about)
    if conditions:
        db.session.execute(delete(OutboxMessage).where(or_(*conditions)))


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def send_pending(limit: int = 500) -> DeliveryReport:
    """Deliver due messages one at a time, each under a row lock that other workers skip.

    The row is marked sent only after the SMTP server accepted it; a crash in between leaves it pending,
    so it is sent again (at-least-once delivery)."""
    report = DeliveryReport()
    for _ in range(limit):
        message = db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at <= utcnow())
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        if message is None:
            break
        _attempt(message, report)
        db.session.commit()
    db.session.commit()
    return report


def _attempt(message: OutboxMessage, report: DeliveryReport) -> None:
    message.attempts += 1
    try:
        if message.write_with is not None:
            _write_queued(message)
        _deliver(message)
    except Exception as error:  # noqa: BLE001 - any failure to write or deliver is recorded and retried
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            message.status = MailStatus.FAILED
            report.failed += 1
            current_app.logger.error("mail %s to %s failed for good: %s", message.id, message.recipient, error)
        else:
            message.next_attempt_at = utcnow() + min(timedelta(minutes=2**message.attempts), MAX_BACKOFF)
            report.retrying += 1
        return
    message.status = MailStatus.SENT
    message.sent_at = utcnow()
    message.last_error = None
    report.sent += 1


def _deliver(message: OutboxMessage) -> None:
    if current_app.config["MAIL_TRANSPORT"] == "console":
        print(  # noqa: T201 - the console transport is for development
            f"--- mail #{message.id} to {message.recipient}: {message.subject}\n{message.body_text}\n---",
            flush=True,
        )
        return
    outgoing = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        extra_headers={"X-Outbox-Id": str(message.id)},
    )
    for attachment in message.attachments:
        outgoing.attach(attachment.filename, attachment.content_type, attachment.content)
    mail.send(outgoing)
