"""Staff reports: one event's participants (page, CSV, printable sign-in sheet) and the counts of a fiscal year."""

from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, stream_with_context, url_for
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.core.timeutil import local_today
from partners.events import services
from partners.events.models import AttendanceMode, Event, EventFormat, EventKind
from partners.events.queries import registrations_of
from partners.events.reports import participants_csv, sign_in_sheet
from partners.extensions import db

bp = Blueprint("events_reports", __name__, url_prefix="/staff/events")
FIRST_YEAR = 2019  # the programme began in April 2019


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def event_or_404(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


@bp.get("/<int:event_id>/participants")
def participants(event_id: int):
    event = event_or_404(event_id)
    return render_template("events/report_participants.html", event=event, registrations=registrations_of(event),
                           counts=services.event_participation(event.id))


@bp.get("/<int:event_id>/participants.csv")
def participants_export(event_id: int):
    event = event_or_404(event_id)
    pieces = participants_csv(event, current_user)
    db.session.commit()
    filename = f"event-{event.id}-participants-{local_today():%Y%m%d}.csv"
    return Response(stream_with_context(pieces), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/<int:event_id>/sign-in-sheet")
def sign_in(event_id: int):
    event = event_or_404(event_id)
    return render_template("events/report_sign_in.html", event=event, registrations=sign_in_sheet(event))


@bp.get("/report")
def year_now():
    return redirect(url_for(".year", year=services.current_fiscal_year()))


@bp.get("/report/<int(min=2000, max=2100):year>")
def year(year: int):
    held = services.events_held(year)
    counts = services.participation(year)
    return render_template(
        "events/report_year.html", year=year, held=held, counts=counts,
        held_totals={kind: sum(n for (k, _format), n in held.items() if k == kind) for kind in EventKind},
        certified=services.individuals_certified_through_lectures(year),
        first_day=date(year, 4, 1), last_day=date(year + 1, 3, 31), kinds=list(EventKind), formats=list(EventFormat),
        modes=list(AttendanceMode), first_year=FIRST_YEAR, this_year=services.current_fiscal_year(),
    )
