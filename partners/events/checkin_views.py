"""Staff pages for the door and for online attendance: check in by code, scanned QR code or name; tick online
attendees or upload the meeting tool's participant list; correct an attendance."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.events import attendance
from partners.events.attendance_csv import import_attendance_list
from partners.events.checkin import CheckIn, check_in, check_in_registration, checkin_list
from partners.events.checkin_forms import AttendanceListForm, AttendeesForm, CodeForm, NameSearchForm
from partners.events.forms import ActionForm
from partners.events.lifecycle import TransitionError
from partners.events.models import SEATED, Event, RegistrationStatus
from partners.events.qr import registration_for_token
from partners.extensions import db

bp = Blueprint("event_checkin", __name__, url_prefix="/staff/events")
CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=()"


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def event_or_404(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


@bp.get("/<int:event_id>/check-in")
def checkin_page(event_id: int):
    event = event_or_404(event_id)
    search = NameSearchForm(request.args)
    query = search.q.data if search.validate() and search.q.data else ""
    response = make_response(render_template(
        "events/checkin.html", event=event, form=CodeForm(), search=search, query=query,
        registrations=checkin_list(event, query), action_form=ActionForm()))
    response.headers["Permissions-Policy"] = CAMERA_ALLOWED  # the QR scanner
    return response


@bp.post("/<int:event_id>/check-in")
def checkin_code(event_id: int):
    event_or_404(event_id)
    form = CodeForm()
    if not form.validate_on_submit():
        flash(_("Enter the check-in code."), "error")
        return redirect(url_for(".checkin_page", event_id=event_id))
    return _answer(event_id, lambda: check_in(event_id, form.code.data, current_user), request.args.get("q"))


@bp.post("/<int:event_id>/check-in/<int:registration_id>")
def checkin_name(event_id: int, registration_id: int):
    event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _answer(event_id, lambda: check_in_registration(event_id, registration_id, current_user),
                   request.args.get("q"))


@bp.get("/scan/<token>")
def scan(token: str):
    """Where a QR code scanned with a phone's own camera app leads: the person and a button to check them in."""
    registration = registration_for_token(token) or abort(404)
    return render_template("events/checkin_scan.html", registration=registration, event=registration.event,
                           form=CodeForm(code=registration.check_in_code))


def _answer(event_id: int, step, query: str | None):
    try:
        result: CheckIn = step()
    except TransitionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_checkin_message(result), "warning" if result.already else "success")
    args = {"q": query} if query and len(query) <= 100 and "\x00" not in query else {}
    return redirect(url_for(".checkin_page", event_id=event_id, **args))


def _checkin_message(result: CheckIn) -> str:
    registration = result.registration
    name = registration.person_name or _("(name erased)")
    if result.already:
        return _("%(name)s was already checked in at %(time)s.", name=name,
                 time=format_datetime(result.at, "short"))
    if result.member_no:
        return _("%(name)s is checked in and is now a partner (member number %(member_no)s).", name=name,
                 member_no=result.member_no)
    return _("%(name)s is checked in.", name=name)


@bp.get("/<int:event_id>/attendance")
def attendance_page(event_id: int):
    event = event_or_404(event_id)
    return _attendance_page(event, AttendeesForm(), AttendanceListForm(), None)


def _attendance_page(event: Event, ticks: AttendeesForm, upload: AttendanceListForm, result):
    registrations = [r for r in checkin_list(event) if r.status in SEATED]
    ticks.attendees.choices = [(r.id, r.person_name) for r in registrations]
    return render_template("events/attendance.html", event=event, registrations=registrations, ticks=ticks,
                           upload=upload, result=result, action_form=ActionForm())


@bp.post("/<int:event_id>/attendance")
def attendance_ticks(event_id: int):
    event = event_or_404(event_id)
    form = AttendeesForm()
    form.attendees.choices = [(r.id, r.person_name) for r in checkin_list(event) if r.status in SEATED]
    if not form.validate_on_submit():
        flash(_("Tick at least one person."), "error")
        return redirect(url_for(".attendance_page", event_id=event_id))
    try:
        recorded = attendance.record_many_attended(event_id, form.attendees.data, current_user)
    except TransitionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Attendance recorded for %(num)d people.", num=recorded), "success")
    return redirect(url_for(".attendance_page", event_id=event_id))


@bp.post("/<int:event_id>/attendance/list")
def attendance_upload(event_id: int):
    event = event_or_404(event_id)
    form = AttendanceListForm()
    if not form.validate_on_submit():
        return _attendance_page(event, AttendeesForm(), form, None), 400
    try:
        result = import_attendance_list(event_id, form.file.data.read(), current_user,
                                        skip_unmatched=form.skip_unmatched.data)
    except TransitionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".attendance_page", event_id=event_id))
    if result.written:
        db.session.commit()
    else:
        db.session.rollback()
    return _attendance_page(db.session.get(Event, event_id), AttendeesForm(), AttendanceListForm(), result)


@bp.post("/<int:event_id>/attendance/<int:registration_id>/<any(attended, no_show):state>")
def correct(event_id: int, registration_id: int, state: str):
    """Staff correct one attendance either way; the audit log keeps who and when."""
    event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if state == RegistrationStatus.NO_SHOW:
            attendance.record_no_show(event_id, registration_id, current_user)
        else:
            attendance.record_attended_by_id(event_id, registration_id, current_user)
    except TransitionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The attendance is corrected."), "success")
    return redirect(url_for(".attendance_page", event_id=event_id))
