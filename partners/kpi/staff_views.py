"""Staff KPI pages: every indicator's chart and table, an indicator's entered figures and its note for the
next plan, and the progress sheet as CSV or Excel."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.kpi import services
from partners.kpi.chart import chart
from partners.kpi.forms import ActualForm, PlanNoteForm, RemoveActualForm, SheetForm
from partners.kpi.models import Indicator
from partners.kpi.sheet import XLSX_TYPE, sheet_csv, sheet_xlsx

bp = Blueprint("kpi_staff", __name__, url_prefix="/staff/kpi")


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


@bp.get("/")
def index():
    lines = services.all_series()
    form = SheetForm(data={"year": local_today().year - 1})
    return render_template("kpi/staff.html", lines=lines, charts=[chart(line) for line in lines], form=form)


@bp.get("/sheet")
def sheet():
    form = SheetForm(request.args)
    if not form.validate():
        flash(_("Choose a report year from 2000 to 2100."), "error")
        return redirect(url_for(".index"))
    return redirect(url_for(".sheet_file", year=form.year.data, file_format="xlsx"))


@bp.get("/sheet/<int(min=2000, max=2100):year>.<any(csv, xlsx):file_format>")
def sheet_file(year: int, file_format: str):
    if file_format == "xlsx":
        return Response(sheet_xlsx(year), mimetype=XLSX_TYPE,
                        headers={"Content-Disposition": f"attachment; filename=progress-sheet-{year}.xlsx"})
    return Response(sheet_csv(year), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=progress-sheet-{year}.csv"})


def indicator_or_404(indicator_id: int) -> Indicator:
    return db.session.get(Indicator, indicator_id) or abort(404)


@bp.route("/<int:indicator_id>", methods=["GET", "POST"])
def indicator(indicator_id: int):
    """An indicator's figures: enter (or correct) an actual with its source."""
    record = indicator_or_404(indicator_id)
    form = ActualForm(prefix="actual")
    if form.validate_on_submit():
        services.enter_actual(record, form.as_of.data, form.value.data, form.source_note.data, current_user)
        db.session.commit()
        flash(_("The figure is saved."), "success")
        return redirect(url_for(".indicator", indicator_id=record.id))
    line = services.series(record)
    return render_template("kpi/indicator.html", line=line, chart=chart(line), form=form,
                           note_form=PlanNoteForm(prefix="note", obj=record), remove_form=RemoveActualForm()), \
        400 if form.errors else 200


@bp.post("/<int:indicator_id>/note")
def note(indicator_id: int):
    record = indicator_or_404(indicator_id)
    form = PlanNoteForm(prefix="note")
    if form.validate_on_submit():
        record.next_plan_note = form.next_plan_note.data or ""
        db.session.commit()
        flash(_("The note is saved."), "success")
    else:
        flash(_("The note is too long (at most 2,000 characters)."), "error")
    return redirect(url_for(".indicator", indicator_id=record.id))


@bp.post("/<int:indicator_id>/actuals/remove")
def remove_actual(indicator_id: int):
    record = indicator_or_404(indicator_id)
    form = RemoveActualForm()
    actual_id = form.actual_id.data if form.validate_on_submit() else None
    if actual_id and actual_id.isdigit() and services.remove_actual(record, int(actual_id), current_user):
        db.session.commit()
        flash(_("The figure is removed."), "success")
    return redirect(url_for(".indicator", indicator_id=record.id))
