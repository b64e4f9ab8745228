"""The check-in QR code of a registration: a link to staff's check-in page carrying a signed token that names the
registration and its check-in code. Staff scan it with the check-in page's scanner or with a phone's own camera
app (which opens the link); a token stops working when the registration's code changes or the registration
goes."""

import io

import segno
from flask import url_for

from partners.accounts.tokens import InvalidToken, make_token, read_token
from partners.events.models import Registration
from partners.extensions import db
from partners.outbox.services import Attachment

TOKEN_PURPOSE = "event-checkin"  # noqa: S105 - the salt of the token, not a secret
# A registration is often made months ahead; the token must still work on the day.
CHECKIN_LINK_MAX_AGE = 2 * 366 * 24 * 60 * 60
QR_FILENAME = "check-in-qr.png"


def checkin_token(registration: Registration) -> str:
    return make_token(TOKEN_PURPOSE, {"registration": registration.id, "code": registration.check_in_code})


def registration_for_token(token: str) -> Registration | None:
    """The registration the token names, or None when it is forged, expired or no longer matches."""
    try:
        payload = read_token(TOKEN_PURPOSE, token, max_age=CHECKIN_LINK_MAX_AGE)
    except InvalidToken:
        return None
    registration_id, code = payload.get("registration"), payload.get("code")
    if not isinstance(registration_id, int):
        return None
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.check_in_code == code else None


def checkin_link(registration: Registration) -> str:
    return url_for("event_checkin.scan", token=checkin_token(registration), _external=True)


def _qr(registration: Registration) -> segno.QRCode:
    return segno.make(checkin_link(registration), error="m")


def qr_svg(registration: Registration) -> bytes:
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="svg", scale=6, border=4, xmldecl=True, svgns=True)
    return buffer.getvalue()


def qr_attachment(registration: Registration) -> Attachment:
    """The QR code as a PNG for the confirmation mail: mail programs show PNG, few show SVG."""
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="png", scale=8, border=4)
    return Attachment(QR_FILENAME, "image/png", buffer.getvalue())
