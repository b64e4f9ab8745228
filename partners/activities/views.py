"""Pages where partners report their activities, and where anyone reads a partner's published reports."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from partners.activities import services
from partners.activities.forms import DeleteForm, ReportForm
from partners.activities.models import ActivityPhoto, ActivityReport, ReportSource
from partners.extensions import db
from partners.members.models import Partner

bp = Blueprint("activities", __name__, url_prefix="/activities")
PAGE_SIZE = 20
MAX_PAGE = 10_000


@bp.app_context_processor
def labels():
    return {"activity_kind_label": services.kind_label}


def partner_for_reporting(partner_id: int) -> Partner:
    partner = db.session.get(Partner, partner_id) or abort(404)
    if not services.may_report(current_user, partner):
        abort(403)
    return partner


def report_for_editing(report_id: int) -> ActivityReport:
    report = db.session.get(ActivityReport, report_id) or abort(404)
    partner_for_reporting(report.partner_id)
    return report


def after_saving(partner: Partner):
    if current_user.has_role("staff") and not any(c.user_id == current_user.id for c in partner.contacts):
        return redirect(url_for("activities_staff.index"))
    return redirect(url_for(".mine"))


@bp.get("/")
@login_required
def mine():
    partners = services.reporting_partners(current_user)
    return render_template("activities/mine.html", partners=partners,
                           reports={partner.id: services.reports_of(partner.id) for partner in partners},
                           delete_form=DeleteForm())


@bp.route("/<int:partner_id>/new", methods=["GET", "POST"])
@login_required
def new(partner_id: int):
    partner = partner_for_reporting(partner_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.save_report(partner, form.report_data(), current_user, ReportSource.PARTNER, form.photo_bytes())
        except services.ReportError as error:
            form.photo.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Thank you: the activity report is saved."), "success")
            return after_saving(partner)
    return render_template("activities/form.html", form=form, partner=partner), 400 if form.errors else 200


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit(report_id: int):
    report = report_for_editing(report_id)
    form = ReportForm(obj=report)
    if not form.is_submitted():
        form.goals.data = report.goals
    if form.validate_on_submit():
        try:
            services.save_report(report.partner, form.report_data(), current_user, report.source, form.photo_bytes(),
                                 report=report)
        except services.ReportError as error:
            form.photo.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The activity report is saved."), "success")
            return after_saving(report.partner)
    return render_template("activities/form.html", form=form, partner=report.partner, report=report), \
        400 if form.errors else 200


@bp.post("/reports/<int:report_id>/delete")
@login_required
def delete(report_id: int):
    report = report_for_editing(report_id)
    partner = report.partner
    if DeleteForm().validate_on_submit():
        services.delete_report(report, current_user)
        db.session.commit()
        flash(_("The activity report is deleted."), "success")
    return after_saving(partner)


@bp.get("/reports/<int:report_id>/photo")
def photo(report_id: int):
    """The photo, as the type its content showed when it was saved; never sniffed by the browser."""
    report = db.session.get(ActivityReport, report_id) or abort(404)
    if report.photo is None or not services.may_see(current_user, report):
        abort(404)
    data = db.session.get(ActivityPhoto, report.photo.id).data
    response = Response(data, mimetype=report.photo.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f"inline; filename=activity-{report.id}"
    return response


@bp.get("/partners/<int:partner_id>")
def public(partner_id: int):
    """A partner's published reports: the partner must be active with its listing and activities public."""
    partner = db.session.get(Partner, partner_id) or abort(404)
    if not services.shows_reports(partner):
        abort(404)
    return render_template("activities/public.html", partner=partner,
                           reports=services.reports_of(partner.id, public_only=True))


@bp.get("/reports")
def published():
    """Every partner's published reports, newest first: the full list behind the home page's block."""
    page = request.args.get("page", 1, type=int)
    page = page if 1 <= page <= MAX_PAGE else 1
    reports, has_next = services.published(page, PAGE_SIZE)
    return render_template("activities/published.html", reports=reports, page=page, has_next=has_next)
