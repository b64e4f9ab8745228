"""Registering for an event (oneself, oneself with a partner application, or named people of a group), the
participant's own page, and cancelling."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from partners.events.forms import ActionForm, NamedRegistrationForm, RegisterForm, RegisterWithApplicationForm
from partners.events.labels import MODE_LABELS
from partners.events.models import MODES_OF_FORMAT, AttendanceMode, EventKind, Registration
from partners.events.public_views import public_event_or_404
from partners.events.queries import is_public
from partners.events.registration import (
    NamedPerson,
    RegistrationError,
    cancel_registration,
    individual_partner,
    register_named,
    sign_up,
    sign_up_event,
    waitlist_position,
)
from partners.extensions import db
from partners.members import profiles

bp = Blueprint("event_registration", __name__, url_prefix="/events")


def offer_modes(form, event) -> None:
    modes = MODES_OF_FORMAT[event.format]
    form.mode.choices = [(mode.value, MODE_LABELS[mode]) for mode in modes]
    if len(modes) == 1 and not form.mode.data:
        form.mode.data = modes[0].value


@bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@login_required
def register_self(event_id: int):
    # A sign-up reads of the event only the columns it checks, as a plain row; the page shows the whole event.
    shown = public_event_or_404(event_id) if request.method == "GET" else None
    event = shown or sign_up_event(event_id)
    if event is None or not is_public(event):
        abort(404)
    applying = event.certifies and individual_partner(current_user) is None
    form = RegisterWithApplicationForm() if applying else RegisterForm()
    offer_modes(form, event)
    if form.validate_on_submit():
        try:
            registration_id = sign_up(event, current_user, AttendanceMode(form.mode.data),
                                      application=form.profile_data() if applying else None)
        except RegistrationError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("events.show", event_id=event_id))
        db.session.commit()
        return redirect(url_for(".show", registration_id=registration_id))
    return render_template("events/register.html", event=shown or public_event_or_404(event_id), form=form,
                           applying=applying)


@bp.route("/<int:event_id>/register-people", methods=["GET", "POST"])
@login_required
def register_people(event_id: int):
    event = public_event_or_404(event_id)
    groups = [p for p in profiles.partners_of(current_user) if p.is_group]
    if event.kind != EventKind.EXCHANGE or not groups:
        abort(403)
    form = NamedRegistrationForm()
    form.group.choices = [(group.id, group.name) for group in groups]
    offer_modes(form, event)
    if form.validate_on_submit():
        people = [NamedPerson(name, email) for name, email in form.people_data()]
        try:
            register_named(event.id, current_user, form.group.data, people, AttendanceMode(form.mode.data))
        except RegistrationError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".register_people", event_id=event_id))
        db.session.commit()
        flash(_("The people are registered; each gets a mail."), "success")
        return redirect(url_for("events.show", event_id=event_id))
    return render_template("events/register_people.html", event=event, form=form)


def own_registration_or_404(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or current_user.id not in (registration.user_id, registration.registered_by_id):
        abort(404)
    return registration


@bp.get("/registrations/<int:registration_id>")
@login_required
def show(registration_id: int):
    registration = own_registration_or_404(registration_id)
    return render_template("events/registration.html", registration=registration, event=registration.event,
                           position=waitlist_position(registration), cancel_form=ActionForm())


@bp.post("/registrations/<int:registration_id>/cancel")
@login_required
def cancel(registration_id: int):
    registration = own_registration_or_404(registration_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        cancel_registration(registration.id, current_user)
    except RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".show", registration_id=registration_id))
    db.session.commit()
    flash(_("Your registration is cancelled."), "success")
    return redirect(url_for(".show", registration_id=registration_id))
