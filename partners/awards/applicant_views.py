"""The applicant's pages: apply (draft, submit), edit until the deadline, attach files, withdraw, and their
list of applications. Staff and the applicant download attachments here; judges have their own route."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from partners.accounts.models import Role
from partners.awards import applications as service
from partners.awards.applications import ApplicationData
from partners.awards.attachments import add_attachment, download_name
from partners.awards.forms import ActionForm, ApplicationForm, UploadForm
from partners.awards.lifecycle import AwardError
from partners.awards.models import AwardApplication, AwardAttachment, AwardRound
from partners.extensions import db
from partners.members.models import PartnerStatus
from partners.members.profiles import partners_of

bp = Blueprint("awards_apply", __name__, url_prefix="/awards")


@bp.before_request
@login_required
def signed_in_only():
    """Every page here is for a signed-in person."""


def own_application_or_404(application_id: int) -> AwardApplication:
    application = db.session.get(AwardApplication, application_id)
    if application is None:
        abort(404)
    if application.applicant_id != current_user.id:
        abort(403)
    return application


def application_form(round_: AwardRound, **kwargs) -> ApplicationForm:
    groups = [p for p in partners_of(current_user) if p.is_group and p.status == PartnerStatus.ACTIVE]
    return ApplicationForm(round_.categories, groups, **kwargs)


@bp.get("/mine")
def mine():
    return render_template("awards/mine.html", applications=service.applications_of(current_user))


@bp.route("/<int:round_id>/apply", methods=["GET", "POST"])
def apply(round_id: int):
    round_ = db.session.get(AwardRound, round_id) or abort(404)
    if not service.accepting(round_) and request.method == "GET":
        flash(_("This call is not taking applications."), "error")
        return redirect(url_for("awards.index"))
    form = application_form(round_)
    if request.method == "GET":
        form.fill_from(ApplicationData(contact_name=current_user.name, contact_email=current_user.email,
                                       group_name=current_user.name))
    if form.validate_on_submit():
        try:
            application = service.start_application(round_, current_user, form.application_data())
            db.session.add(application)
            db.session.flush()
            if form.submit_application.data:
                service.submit(application, current_user)
        except AwardError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("awards/form.html", form=form, round=round_, application=None), 422
        db.session.commit()
        flash(_("Your application is submitted.") if form.submit_application.data
              else _("Your draft is saved. Add files below, and submit before the deadline."), "success")
        return redirect(url_for(".show", application_id=application.id))
    return render_template("awards/form.html", form=form, round=round_, application=None)


@bp.get("/applications/<int:application_id>")
def show(application_id: int):
    application = own_application_or_404(application_id)
    return render_template("awards/application.html", application=application, round=application.round,
                           open=service.accepting(application.round), upload_form=UploadForm(),
                           action_form=ActionForm())


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
def edit(application_id: int):
    application = own_application_or_404(application_id)
    form = application_form(application.round)
    if request.method == "GET":
        form.fill_from(ApplicationData.of(application))
    if form.validate_on_submit():
        try:
            service.save_draft(application, form.application_data(), current_user)
            if form.submit_application.data:
                service.submit(application, current_user)
        except AwardError as error:
            # Refused (the deadline passed): nothing is changed, the stored draft stays as it was, and what
            # was typed stays on the screen.
            db.session.rollback()
            flash(str(error), "error")
            return render_template("awards/form.html", form=form, round=application.round,
                                   application=application), 422
        db.session.commit()
        flash(_("Your application is submitted.") if form.submit_application.data else _("Saved."), "success")
        return redirect(url_for(".show", application_id=application.id))
    return render_template("awards/form.html", form=form, round=application.round, application=application)


@bp.post("/applications/<int:application_id>/attachments")
def upload(application_id: int):
    application = own_application_or_404(application_id)
    form = UploadForm()
    if not form.validate_on_submit():
        flash(" ".join(form.file.errors) or _("Choose a file."), "error")
        return redirect(url_for(".show", application_id=application.id))
    try:
        service.require_changeable(application, current_user)
        add_attachment(application, form.file.data.filename or "", form.file.data.read())
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".show", application_id=application.id))
    db.session.commit()
    flash(_("The file is attached."), "success")
    return redirect(url_for(".show", application_id=application.id))


@bp.post("/applications/<int:application_id>/attachments/<int:attachment_id>/delete")
def delete_attachment(application_id: int, attachment_id: int):
    application = own_application_or_404(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    attachment = db.session.get(AwardAttachment, attachment_id)
    if attachment is None or attachment.application_id != application.id:
        abort(404)
    try:
        service.require_changeable(application, current_user)
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".show", application_id=application.id))
    db.session.delete(attachment)
    db.session.commit()
    flash(_("The file is removed."), "success")
    return redirect(url_for(".show", application_id=application.id))


@bp.post("/applications/<int:application_id>/withdraw")
def withdraw(application_id: int):
    application = own_application_or_404(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.withdraw(application, current_user)
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".show", application_id=application.id))
    db.session.commit()
    flash(_("Your application is withdrawn."), "success")
    return redirect(url_for(".mine"))


@bp.get("/attachments/<int:attachment_id>")
def attachment(attachment_id: int):
    """For the applicant and staff only; judges download through their own route (conflicts are checked
    there)."""
    found = db.session.get(AwardAttachment, attachment_id) or abort(404)
    if found.application.applicant_id != current_user.id and not current_user.has_role(Role.STAFF):
        abort(403)
    return send_attachment(found)


def send_attachment(attachment: AwardAttachment):
    response = send_file(io.BytesIO(attachment.content), mimetype=attachment.content_type, as_attachment=True,
                         download_name=download_name(attachment), max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
