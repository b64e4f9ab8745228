"""Staff pages: every report, entering a report from a paper form, importing reports from CSV."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.activities import services
from partners.activities.csv_io import COLUMNS, ImportResult, import_csv
from partners.activities.forms import StaffReportForm
from partners.activities.models import ReportSource
from partners.extensions import db
from partners.members.import_forms import ImportForm

bp = Blueprint("activities_staff", __name__, url_prefix="/staff/activities")
MAX_PAGE = 10_000


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


@bp.get("/")
def index():
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    reports, total = services.recent_reports(page)
    return render_template("activities/staff_list.html", reports=reports, total=total, page=page,
                           pages=max(1, -(-total // services.PAGE_SIZE)))


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = StaffReportForm()
    if form.validate_on_submit():
        partner = services.partner_by_member_no(form.member_no.data)
        if partner is None:
            form.member_no.errors = [_("No partner has this member number.")]
        elif not services.may_report(current_user, partner):
            form.member_no.errors = [_("This partner has withdrawn: no report can be added.")]
        else:
            try:
                services.save_report(partner, form.report_data(), current_user, ReportSource.STAFF,
                                     form.photo_bytes())
            except services.ReportError as error:
                form.photo.errors = [str(error)]
            else:
                db.session.commit()
                flash(_("The activity report of %(member_no)s is saved.", member_no=partner.member_no), "success")
                return redirect(url_for(".new"))
    return render_template("activities/staff_new.html", form=form), 400 if form.errors else 200


@bp.route("/import", methods=["GET", "POST"])
def import_reports():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("activities/staff_import.html", form=form, columns=COLUMNS), \
            400 if form.errors else 200
    result = import_csv(form.file.data.read(), current_user, dry_run=form.dry_run.data)
    if not result.ok or result.dry_run:
        db.session.rollback()
        return render_template("activities/staff_import.html", form=form, columns=COLUMNS, result=result,
                               summary=summary(result)), 200 if result.ok else 400
    db.session.commit()
    flash(summary(result), "success")
    return redirect(url_for(".import_reports"))


def summary(result: ImportResult) -> str:
    counts = {"created": result.created, "updated": result.updated}
    if result.dry_run and not (result.created or result.updated):
        return _("The file is fine and matches what is saved: importing it would change nothing. Nothing was saved.")
    if result.dry_run:
        return _("The file is fine. Importing it would add %(created)d report(s) and update %(updated)d. Nothing "
                 "was saved.", **counts)
    return _("Imported: %(created)d new report(s), %(updated)d updated.", **counts)
