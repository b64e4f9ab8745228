"""A participant's check-in QR code and attendance certificate."""

from flask import Blueprint, Response, abort, render_template, url_for
from flask_login import current_user, login_required

from partners.core.timeutil import local_today
from partners.events.certificates import attendance_certificate, own_registration
from partners.events.qr import qr_svg

bp = Blueprint("event_attendee", __name__, url_prefix="/events/registrations")


@bp.get("/<int:registration_id>/qr.svg")
@login_required
def qr_code(registration_id: int):
    registration = own_registration(registration_id, current_user)
    if registration is None or not registration.holds_seat:
        abort(404)
    return Response(qr_svg(registration), mimetype="image/svg+xml")


@bp.get("/<int:registration_id>/certificate")
@login_required
def certificate(registration_id: int):
    found = attendance_certificate(registration_id, current_user) or abort(404)
    return render_template("events/attendance_certificate.html", certificate=found, issued_on=local_today(),
                           back_url=url_for("event_registration.show", registration_id=registration_id))
