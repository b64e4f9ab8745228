"""Staff pages for events: list, create, edit, publish, copy, cancel, finish, and who registered."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.events import publishing
from partners.events.forms import MAX_PAGE, ActionForm, CancelEventForm, EventForm
from partners.events.lifecycle import ALLOWED, EDITABLE, TransitionError
from partners.events.models import Event, EventStatus
from partners.events.publishing import EventData
from partners.events.queries import registrations_of, seats_of, staff_events
from partners.extensions import db

bp = Blueprint("events_staff", __name__, url_prefix="/staff/events")
PAGE_SIZE = 50


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def event_or_404(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


@bp.get("/")
def index():
    page = request.args.get("page", 1, type=int)
    page = page if 1 <= page <= MAX_PAGE else 1
    events, has_next = staff_events(page, PAGE_SIZE)
    return render_template("events/staff_list.html", events=events, seats=seats_of(events), page=page,
                           has_next=has_next)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = EventForm()
    if form.validate_on_submit():
        event = publishing.create_event(form.event_data(), current_user)
        db.session.commit()
        flash(_("The event is saved as a draft."), "success")
        return redirect(url_for(".detail", event_id=event.id))
    return render_template("events/staff_form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    event = event_or_404(event_id)
    if event.status not in EDITABLE:
        abort(404)
    form = EventForm()
    if request.method == "GET":
        form.fill_from(EventData.of(event))
    if form.validate_on_submit():
        return _act(event_id, lambda: publishing.update_event(event_id, form.event_data(), current_user),
                    _("The event is saved."))
    return render_template("events/staff_form.html", form=form, event=event)


@bp.get("/<int:event_id>")
def detail(event_id: int):
    event = event_or_404(event_id)
    return render_template("events/staff_detail.html", event=event, seats=seats_of([event])[event.id],
                           registrations=registrations_of(event), action_form=ActionForm(),
                           cancel_form=CancelEventForm(), allowed=ALLOWED[event.status], statuses=EventStatus,
                           editable=event.status in EDITABLE)


@bp.post("/<int:event_id>/publish")
def publish(event_id: int):
    event_or_404(event_id)
    _require_form(ActionForm())
    return _act(event_id, lambda: publishing.publish(event_id, current_user), _("The event is published."))


@bp.post("/<int:event_id>/finish")
def finish(event_id: int):
    event_or_404(event_id)
    _require_form(ActionForm())
    return _act(event_id, lambda: publishing.finish_event(event_id, current_user), _("The event is finished."))


@bp.post("/<int:event_id>/cancel")
def cancel(event_id: int):
    event_or_404(event_id)
    form = CancelEventForm()
    if not form.validate_on_submit():
        flash(_("Enter the reason for cancelling; it is sent to every registrant."), "error")
        return redirect(url_for(".detail", event_id=event_id))
    return _act(event_id, lambda: publishing.cancel_event(event_id, current_user, form.reason.data),
                _("The event is cancelled and the registrants are being mailed."))


@bp.post("/<int:event_id>/copy")
def copy(event_id: int):
    event_or_404(event_id)
    _require_form(ActionForm())
    copied = publishing.copy_event(event_id, current_user)
    db.session.commit()
    flash(_("This is a copy, saved as a draft: set its dates."), "success")
    return redirect(url_for(".edit", event_id=copied.id))


def _require_form(form) -> None:
    if not form.validate_on_submit():
        abort(400)


def _act(event_id: int, step, done: str):
    try:
        step()
    except TransitionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".detail", event_id=event_id))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for(".detail", event_id=event_id))
