"""The check-in QR code of a registration: a link to staff's scan page carrying a signed token of the event and
the registration's check-in code. Staff scan it with the check-in page's scanner or with a phone's own camera
app, which opens the link; a token stops working when the registration's code changes or the registration goes.

The token names the code, not the registration's id, so the code and its QR image can be made before the event
is locked for a sign-up: encoding takes tens of milliseconds of pure Python, too long to hold the lock for."""

import io
import secrets
import struct
import zlib

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
    """A random code (31^8, about 8.5 × 10^11 of them). The unique index says whether another registration has
    it: asking first cost every sign-up a query, and a clash (about one sign-up in ten million with 100,000 codes
    issued) makes the sign-up draw again (`partners.events.registration`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


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


MODULE_PIXELS = 6
QUIET_ZONE = 4
FILTER_NONE, FILTER_UP = b"\x00", b"\x02"  # the byte before each PNG pixel row


def _code(event_id: int, code: str) -> segno.QRCode:
    return segno.make(checkin_link(event_id, code), error="m", mask=FIXED_MASK)


def qr_svg(registration: Registration) -> bytes:
    """For the participant's page."""
    buffer = io.BytesIO()
    _code(registration.event_id, registration.check_in_code).save(
        buffer, kind="svg", scale=MODULE_PIXELS, border=QUIET_ZONE, xmldecl=True, svgns=True)
    return buffer.getvalue()


def qr_png(event_id: int, code: str) -> bytes:
    """For mail: PNG, which every mail program shows."""
    return png_of(_code(event_id, code).matrix, MODULE_PIXELS, QUIET_ZONE)


def png_of(matrix, scale: int, border: int) -> bytes:
    """A black-on-white greyscale PNG of a module matrix. segno's own PNG writer builds every pixel in Python
    (7 ms for a sign-up's code); here a module row is one bytes join, and each of the `scale - 1` pixel rows
    that repeat it is written with PNG's "Up" filter (the difference to the row above: all zeros), which zlib's
    fastest level packs as small as its default level packs the plain rows, in a third of the time."""
    dark, light = b"\x00" * scale, b"\xff" * scale
    width = (len(matrix[0]) + 2 * border) * scale
    margin = light * border
    same_as_above = FILTER_UP + bytes(width)
    quiet = [FILTER_NONE + b"\xff" * width] + [same_as_above] * (border * scale - 1)
    rows = list(quiet)
    for modules in matrix:
        rows.append(FILTER_NONE + margin + b"".join(dark if module & 1 else light for module in modules) + margin)
        rows.extend([same_as_above] * (scale - 1))
    rows.extend(quiet)
    return b"".join((b"\x89PNG\r\n\x1a\n",
                     _chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)),
                     _chunk(b"IDAT", zlib.compress(b"".join(rows), 1)),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
