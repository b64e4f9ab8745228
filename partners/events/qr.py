"""The check-in QR code of a registration: a link to staff's scan page carrying the registration's signed token
(`registration_token`: its id and check-in code). Staff scan it with the check-in page's scanner or with a
phone's own camera app, which opens the link; a token stops working when the registration's code changes or the
registration goes."""

import io

import segno
from flask import url_for

from partners.events.models import Registration
from partners.events.registration import registration_token


def checkin_link(registration: Registration) -> str:
    return url_for("event_checkin.scan", token=registration_token(registration), _external=True)


def qr_svg(registration: Registration) -> bytes:
    """Drawn when the participant opens their page, not when the mail is queued: encoding takes tens of
    milliseconds of pure Python, too long to hold the event's lock for while people register."""
    buffer = io.BytesIO()
    segno.make(checkin_link(registration), error="m").save(buffer, kind="svg", scale=6, border=4, xmldecl=True,
                                                           svgns=True)
    return buffer.getvalue()
