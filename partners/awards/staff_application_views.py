"""Staff pages for one application: read it with its files, screen eligibility, write the redacted summary,
change it after the deadline (with a reason), assign judges and record conflicts, and reopen a score sheet."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partners.accounts.decorators import role_required
from partners.accounts.models import Role, User
from partners.awards import applications, judging, lifecycle
from partners.awards.applications import ApplicationData
from partners.awards.forms import ActionForm, JudgeChoiceForm, ReasonForm, RedactForm, ScreenForm, StaffAmendForm
from partners.awards.lifecycle import AwardError
from partners.awards.models import (
    AwardApplication,
    AwardRound,
    ConflictOfInterest,
    JudgeAssignment,
    ScoreSheet,
)
from partners.extensions import db

bp = Blueprint("awards_staff_applications", __name__, url_prefix="/staff/awards")


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def application_or_404(application_id: int) -> AwardApplication:
    application = db.session.get(AwardApplication, application_id)
    if application is None or application.status == "draft":
        abort(404)
    return application


@bp.get("/applications/<int:application_id>")
def detail(application_id: int):
    application = application_or_404(application_id)
    round_ = application.round
    assigned = db.session.scalars(select(User).join(JudgeAssignment, JudgeAssignment.judge_id == User.id)
                                  .where(JudgeAssignment.application_id == application.id)).all()
    conflicted = db.session.scalars(select(User).join(ConflictOfInterest, ConflictOfInterest.judge_id == User.id)
                                    .where(ConflictOfInterest.application_id == application.id)).all()
    sheets = db.session.scalars(select(ScoreSheet).where(ScoreSheet.application_id == application.id)
                                .order_by(ScoreSheet.id)).all()
    pool = judging.judges()
    screen_form = ScreenForm(data={"eligible": {"eligible": "yes", "ineligible": "no"}.get(application.status),
                                   "reason": application.ineligible_reason})
    return render_template(
        "awards/staff_application.html", application=application, round=round_, assigned=assigned,
        conflicted=conflicted, sheets=sheets, judge_names={judge.id: judge.name for judge in [*pool, *assigned]},
        screen_form=screen_form, redact_form=RedactForm(data={"redacted_summary": application.redacted_summary}),
        assign_form=JudgeChoiceForm([j for j in pool if j not in assigned and j not in conflicted]),
        conflict_form=JudgeChoiceForm([j for j in pool if j not in conflicted], prefix="conflict"),
        reason_form=ReasonForm(), action_form=ActionForm(),
        screening=round_.status in lifecycle.SCREENING, assigning=round_.status in lifecycle.ASSIGNING,
        reopening=round_.status in lifecycle.REOPENING,
    )


@bp.post("/applications/<int:application_id>/screen")
def screen(application_id: int):
    application = application_or_404(application_id)
    form = ScreenForm()
    if not form.validate_on_submit():
        flash(_("Choose eligible or not eligible."), "error")
        return _back(application)
    return _act(application, lambda: applications.screen(application, form.eligible.data == "yes",
                                                         form.reason.data, current_user), _("Saved."))


@bp.post("/applications/<int:application_id>/redact")
def redact(application_id: int):
    application = application_or_404(application_id)
    form = RedactForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(application, lambda: applications.set_redacted_summary(application, form.redacted_summary.data,
                                                                       current_user), _("Saved."))


@bp.route("/applications/<int:application_id>/amend", methods=["GET", "POST"])
def amend(application_id: int):
    application = application_or_404(application_id)
    if application.round.status not in lifecycle.SCREENING:
        abort(404)
    form = StaffAmendForm(application.round.categories, [])
    if request.method == "GET":
        form.fill_from(ApplicationData.of(application))
    if form.validate_on_submit():
        return _act(application, lambda: applications.staff_amend(application, form.application_data(),
                                                                  current_user, form.reason.data), _("Saved."))
    return render_template("awards/staff_amend.html", form=form, application=application)


@bp.post("/applications/<int:application_id>/withdraw")
def withdraw(application_id: int):
    application = application_or_404(application_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Enter the reason for the change."), "error")
        return _back(application)
    return _act(application, lambda: applications.staff_withdraw(application, current_user, form.reason.data),
                _("The application is withdrawn."))


@bp.post("/applications/<int:application_id>/assign")
def assign(application_id: int):
    application = application_or_404(application_id)
    form = JudgeChoiceForm(judging.judges())
    if not form.validate_on_submit():
        abort(400)
    judge = db.session.get(User, form.judge.data)
    return _act(application, lambda: judging.assign(application, judge, current_user), _("The judge is assigned."))


@bp.post("/applications/<int:application_id>/unassign/<int:judge_id>")
def unassign(application_id: int, judge_id: int):
    application = application_or_404(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(application, lambda: judging.unassign(application, judge_id, current_user),
                _("The judge is no longer assigned."))


@bp.post("/applications/<int:application_id>/conflict")
def conflict(application_id: int):
    application = application_or_404(application_id)
    form = JudgeChoiceForm(judging.judges(), prefix="conflict")
    if not form.validate_on_submit():
        abort(400)
    judge = db.session.get(User, form.judge.data)
    return _act(application, lambda: judging.add_conflict(application, judge, current_user),
                _("The conflict of interest is recorded."))


@bp.post("/<int:round_id>/auto-assign")
def auto_assign(round_id: int):
    round_ = db.session.get(AwardRound, round_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        added = judging.auto_assign(round_, current_user)
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(count)d assignments added.", count=added), "success")
    return redirect(url_for("awards_staff.detail", round_id=round_.id))


@bp.post("/sheets/<int:sheet_id>/reopen")
def reopen(sheet_id: int):
    sheet = db.session.get(ScoreSheet, sheet_id) or abort(404)
    application = application_or_404(sheet.application_id)
    form = ReasonForm(prefix=f"reopen-{sheet.id}")
    if not form.validate_on_submit():
        flash(_("Enter the reason for reopening."), "error")
        return _back(application)
    return _act(application, lambda: judging.reopen(sheet, current_user, form.reason.data),
                _("The scores are reopened; the judge can change and submit them again."))


def _back(application: AwardApplication):
    return redirect(url_for(".detail", application_id=application.id))


def _act(application: AwardApplication, step, done: str):
    try:
        step()
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(application)
    db.session.commit()
    flash(done, "success")
    return _back(application)
