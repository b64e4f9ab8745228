"""The judge's pages. Every page that shows, scores or serves an application asks `judging.visible_application`
(the one query of what a judge may see): an application assigned to someone else, or one the judge has a
conflict with, answers 403 whatever the URL. Before any content, the judge declares their relationships."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.awards import judging
from partners.awards.applicant_views import send_attachment
from partners.awards.forms import ActionForm, DeclarationForm, score_form_class
from partners.awards.lifecycle import SCORING, AwardError
from partners.awards.models import AwardApplication, AwardAttachment, AwardRound, ScoreStatus
from partners.extensions import db

bp = Blueprint("awards_judge", __name__, url_prefix="/judge/awards")


@bp.before_request
@role_required(Role.JUDGE)
def judges_only():
    """Every page here is for judges."""


def round_or_404(round_id: int) -> AwardRound:
    round_ = db.session.get(AwardRound, round_id)
    if round_ is None or round_ not in judging.judge_rounds():
        abort(404)
    return round_


def application_or_403(application_id: int) -> AwardApplication:
    """404 for no such application; 403 for one this judge may not see (not assigned, or conflicted)."""
    if db.session.get(AwardApplication, application_id) is None:
        abort(404)
    return judging.visible_application(current_user, application_id) or abort(403)


@bp.get("/")
def index():
    rounds = judging.judge_rounds()
    declared = {r.id for r in rounds if judging.declaration_of(r.id, current_user)}
    return render_template("awards/judge_index.html", rounds=rounds, declared=declared)


@bp.route("/<int:round_id>/declare", methods=["GET", "POST"])
def declare(round_id: int):
    round_ = round_or_404(round_id)
    if judging.declaration_of(round_.id, current_user):
        return redirect(url_for(".round_page", round_id=round_.id))
    form = DeclarationForm(judging.declarable_applications(round_), round_.blind)
    if form.validate_on_submit():
        try:
            judging.declare(round_, current_user, set(form.conflicts.data or ()), form.note.data)
        except AwardError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".index"))
        db.session.commit()
        flash(_("Thank you: your declaration is recorded."), "success")
        return redirect(url_for(".round_page", round_id=round_.id))
    return render_template("awards/judge_declare.html", round=round_, form=form)


@bp.get("/<int:round_id>")
def round_page(round_id: int):
    round_ = round_or_404(round_id)
    if not judging.declaration_of(round_.id, current_user):
        return redirect(url_for(".declare", round_id=round_.id))
    applications = db.session.scalars(judging.visible_applications(current_user)
                                      .where(AwardApplication.round_id == round_.id)
                                      .order_by(AwardApplication.id)).all()
    sheets = {sheet.application_id: sheet for sheet in judging.sheets_of(current_user, round_.id)}
    return render_template("awards/judge_round.html", round=round_, applications=applications, sheets=sheets)


@bp.get("/applications/<int:application_id>")
def application(application_id: int):
    found = application_or_403(application_id)
    return render_template("awards/judge_application.html", application=found, round=found.round,
                           sheet=judging.sheet_of(found.id, current_user.id), action_form=ActionForm())


@bp.get("/attachments/<int:attachment_id>")
def attachment(attachment_id: int):
    found = db.session.get(AwardAttachment, attachment_id) or abort(404)
    application_or_403(found.application_id)
    return send_attachment(found)


@bp.route("/applications/<int:application_id>/score", methods=["GET", "POST"])
def score(application_id: int):
    found = application_or_403(application_id)
    criteria = found.round.criteria
    sheet = judging.sheet_of(found.id, current_user.id)
    form = score_form_class(criteria)()
    locked = sheet is not None and sheet.status == ScoreStatus.SUBMITTED
    if request.method == "GET" and sheet is not None:
        for criterion_id, value in sheet.values().items():
            if f"criterion_{criterion_id}" in form:
                form[f"criterion_{criterion_id}"].data = value
        form.comment.data = sheet.comment
    if not locked and found.round.status in SCORING and form.validate_on_submit():
        values = {c.id: form[f"criterion_{c.id}"].data for c in criteria}
        try:
            judging.save_scores(found.id, current_user, values, form.comment.data, bool(form.submit_scores.data))
        except AwardError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("awards/judge_score.html", application=found, round=found.round, form=form,
                                   sheet=sheet, locked=locked), 422
        db.session.commit()
        flash(_("Your scores are submitted.") if form.submit_scores.data else _("Your draft is saved."), "success")
        return redirect(url_for(".round_page", round_id=found.round_id))
    if request.method == "POST" and (locked or found.round.status not in SCORING):
        flash(_("Your scores are submitted and locked; staff can reopen them."), "error")
    return render_template("awards/judge_score.html", application=found, round=found.round, form=form,
                           sheet=sheet, locked=locked)


@bp.post("/applications/<int:application_id>/conflict")
def conflict(application_id: int):
    found = application_or_403(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        judging.add_conflict(found, current_user, current_user)
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".application", application_id=found.id))
    db.session.commit()
    flash(_("Your conflict of interest is recorded; the application is no longer yours to judge."), "success")
    return redirect(url_for(".round_page", round_id=found.round_id))
