"""The check-in QR code of a registration: a link to staff's scan page carrying a signed token of the event and
the registration's check-in code. Staff scan it with the check-in page's scanner or with a phone's own camera
app, which opens the link; a token stops working when the registration's code changes or the registration goes.

The token names the code, not the registration's id, so the code and its QR image can be made before the event
is locked for a sign-up: encoding takes tens of milliseconds of pure Python, too long to hold the lock for."""

import io
import secrets

import segno
from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from partners.events.models import Registration
from partners.extensions import db

# No 0/O, 1/I/L: a code read aloud or typed from paper is not misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Any of the eight masks decodes; choosing one instead of scoring all eight makes a code in a third of the time,
# and a code is drawn for every sign-up.
FIXED_MASK = 2


def new_check_in_code() -> str:
    """A code no registration has yet (31^8 codes: a clash is so rare that the unique index is the backstop)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Registration.id).where(Registration.check_in_code == code)) is None:
            return code


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="event-registration")


def checkin_token(event_id: int, code: str) -> str:
    return _serializer().dumps([event_id, code])


def registration_token(registration: Registration) -> str:
    """What the registration's QR code carries."""
    return checkin_token(registration.event_id, registration.check_in_code)


def registration_for_token(token: str) -> Registration | None:
    try:
        event_id, code = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(event_id, int) or not isinstance(code, str):
        return None
    return db.session.scalar(select(Registration).where(Registration.event_id == event_id,
                                                        Registration.check_in_code == code))


def checkin_link(event_id: int, code: str) -> str:
    return url_for("event_checkin.scan", token=checkin_token(event_id, code), _external=True)


def _qr(event_id: int, code: str, kind: str) -> bytes:
    buffer = io.BytesIO()
    options = {"xmldecl": True, "svgns": True} if kind == "svg" else {}
    segno.make(checkin_link(event_id, code), error="m", mask=FIXED_MASK).save(buffer, kind=kind, scale=6, border=4,
                                                                             **options)
    return buffer.getvalue()


def qr_svg(registration: Registration) -> bytes:
    """For the participant's page."""
    return _qr(registration.event_id, registration.check_in_code, "svg")


def qr_png(event_id: int, code: str) -> bytes:
    """For mail: PNG, which every mail program shows."""
    return _qr(event_id, code, "png")
