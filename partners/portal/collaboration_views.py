"""Collaboration: suggested partners, requests and answers, showcase entries (連携事例) and staff's pages."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required
from wtforms import SelectChoice

import partners.portal.erasure  # noqa: F401 - erasure reaches the portal (signals)
from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.events.forms import MAX_PAGE
from partners.extensions import db, limiter
from partners.members.models import Partner
from partners.portal import collaborations, showcase
from partners.portal.collaborations import CollaborationError
from partners.portal.forms import ActionForm, CollaborationRequestForm, ReportForm, ShowcaseForm
from partners.portal.images import image_response
from partners.portal.labels import collaboration_status, showcase_status, suggestion_reasons
from partners.portal.matching import suggestions_for
from partners.portal.models import Collaboration, ShowcaseEntry

bp = Blueprint("collaboration", __name__, url_prefix="/collaborate")
showcase_bp = Blueprint("showcase", __name__, url_prefix="/showcase")
staff_bp = Blueprint("collaboration_staff", __name__, url_prefix="/staff/collaborations")
PAGE_SIZE = 20
bp.add_app_template_global(collaboration_status)
bp.add_app_template_global(showcase_status)
bp.add_app_template_global(suggestion_reasons)
RATE_SCOPE = "collaboration-requests"


def acting_partner(partners: list[Partner]) -> Partner | None:
    """The partner the person acts for: `?as=<id>` when it is one of theirs, else the first."""
    chosen = request.args.get("as", type=int)
    return next((p for p in partners if p.id == chosen), partners[0] if partners else None)


@bp.get("/")
@login_required
def index():
    partners = collaborations.active_partners_of(current_user)
    partner = acting_partner(partners)
    return render_template(
        "portal/collaborate.html", partners=partners, partner=partner,
        suggestions=suggestions_for(partner) if partner else [],
        requests=collaborations.collaborations_of([p.id for p in partners]),
    )


@bp.route("/request/<int:partner_id>", methods=["GET", "POST"])
@login_required
def new_request(partner_id: int):
    recipient = db.session.get(Partner, partner_id)
    if recipient is None or not collaborations.may_receive_requests(recipient):
        abort(404)
    partners = [p for p in collaborations.active_partners_of(current_user) if p.id != recipient.id]
    if not partners:
        flash(_("Only an active partner can ask for a collaboration."), "error")
        return redirect(url_for(".index"))
    form = CollaborationRequestForm()
    form.sender.choices = [SelectChoice(p.id, p.name) for p in partners]
    if request.method == "GET":
        chosen = acting_partner(partners)
        form.sender.data = chosen.id
    status = 200
    if form.validate_on_submit():
        sender = next(p for p in partners if p.id == form.sender.data)
        if not _request_allowed(sender):
            flash(_("This partner has sent many requests recently. Please wait a day and try again."), "error")
            status = 429
        else:
            try:
                collaboration = collaborations.send_request(sender, recipient, form.message.data, current_user)
            except CollaborationError as error:
                db.session.rollback()
                flash(str(error), "error")
            else:
                db.session.commit()
                flash(_("Your request has been sent. We will tell you by e-mail when %(name)s answers.",
                        name=recipient.name), "success")
                return redirect(url_for(".show", collaboration_id=collaboration.id))
    return render_template("portal/request_form.html", form=form, recipient=recipient), status


def _rate_key() -> str:
    return g.collaboration_sender_key


def _request_allowed(sender: Partner) -> bool:
    """Count one request from `sender` (per sending partner, shared by its contacts) and say whether its limit
    allows it."""
    g.collaboration_sender_key = f"partner:{sender.id}"
    try:
        with limiter.shared_limit(lambda: current_app.config["COLLABORATION_REQUEST_LIMIT"], RATE_SCOPE,
                                  key_func=_rate_key):
            return True
    except RateLimitExceeded:
        return False


def involved_or_404(collaboration_id: int) -> tuple[Collaboration, Partner]:
    collaboration = db.session.get(Collaboration, collaboration_id) or abort(404)
    side = collaborations.visible_to(collaboration, current_user)
    if side is None:
        abort(404)
    return collaboration, side


@bp.get("/<int:collaboration_id>")
@login_required
def show(collaboration_id: int):
    collaboration, side = involved_or_404(collaboration_id)
    other = collaboration.other_side(side.id)
    return render_template(
        "portal/collaboration.html", collaboration=collaboration, side=side, other=other,
        contacts=collaborations.contacts_for_collaborator(collaboration, other),
        entry=showcase.entry_of(collaboration), action_form=ActionForm(), report_form=ReportForm(),
    )


def _act(collaboration_id: int, step, done: str):
    try:
        step()
    except CollaborationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".show", collaboration_id=collaboration_id))


@bp.post("/<int:collaboration_id>/accept")
@login_required
def accept(collaboration_id: int):
    collaboration, _side = involved_or_404(collaboration_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(collaboration_id, lambda: collaborations.answer(collaboration, True, current_user),
                _("You accepted the request. You can now see each other's contacts."))


@bp.post("/<int:collaboration_id>/decline")
@login_required
def decline(collaboration_id: int):
    collaboration, _side = involved_or_404(collaboration_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(collaboration_id, lambda: collaborations.answer(collaboration, False, current_user),
                _("You declined the request."))


@bp.post("/<int:collaboration_id>/report")
@login_required
def report(collaboration_id: int):
    collaboration, side = involved_or_404(collaboration_id)
    form = ReportForm()
    if not form.validate_on_submit():
        other = collaboration.other_side(side.id)
        return render_template(
            "portal/collaboration.html", collaboration=collaboration, side=side, other=other,
            contacts=collaborations.contacts_for_collaborator(collaboration, other),
            entry=showcase.entry_of(collaboration), action_form=ActionForm(), report_form=form,
        ), 400
    return _act(collaboration_id, lambda: collaborations.report(collaboration, form.reason.data, current_user),
                _("Thank you. The programme office will look into it. The sender is not told of your report."))


@bp.route("/<int:collaboration_id>/showcase", methods=["GET", "POST"])
@login_required
def edit_showcase(collaboration_id: int):
    collaboration, side = involved_or_404(collaboration_id)
    if not collaboration.is_accepted:
        abort(404)
    entry = showcase.entry_of(collaboration)
    form = ShowcaseForm(obj=entry)
    if request.method == "GET" and entry is not None:
        form.goals.data = entry.goal_numbers
    if form.validate_on_submit():
        return _act(collaboration_id, lambda: showcase.save_entry(collaboration, showcase.ShowcaseData(
            form.title.data, form.body.data, form.goals.data, form.image.content), current_user),
            _("The showcase entry is saved. It is published once the other partner consents and the programme "
              "office approves it."))
    return render_template("portal/showcase_form.html", form=form, collaboration=collaboration, side=side,
                           entry=entry)


@bp.post("/<int:collaboration_id>/showcase/consent")
@login_required
def consent_showcase(collaboration_id: int):
    collaboration, _side = involved_or_404(collaboration_id)
    entry = showcase.entry_of(collaboration) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(collaboration_id, lambda: showcase.consent(entry, current_user),
                _("You consented to publishing this showcase entry."))


@showcase_bp.get("/")
def index_public():
    page = request.args.get("page", 1, type=int)
    page = page if 1 <= page <= MAX_PAGE else 1
    entries, has_next = showcase.published(page, PAGE_SIZE)
    return render_template("portal/showcase_list.html", entries=entries, page=page, has_next=has_next)


@showcase_bp.get("/<int:entry_id>")
def show_public(entry_id: int):
    entry = showcase.published_entry(entry_id) or abort(404)
    return render_template("portal/showcase_show.html", entry=entry)


@showcase_bp.get("/<int:entry_id>/image")
def image(entry_id: int):
    return image_response(*showcase.published_image(entry_id))


@staff_bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


@staff_bp.get("/reports")
def reports():
    return render_template("portal/staff_reports.html", collaborations=collaborations.reported())


@staff_bp.get("/showcase")
def showcase_queue():
    return render_template("portal/staff_showcase.html", entries=showcase.awaiting_approval(),
                           action_form=ActionForm())


@staff_bp.post("/showcase/<int:entry_id>/approve")
def approve_showcase(entry_id: int):
    entry = db.session.get(ShowcaseEntry, entry_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        showcase.approve(entry, current_user)
    except CollaborationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The showcase entry is published."), "success")
    return redirect(url_for(".showcase_queue"))


@staff_bp.get("/showcase/<int:entry_id>/image")
def showcase_image(entry_id: int):
    """The photo of an entry staff are about to approve (the public route serves published ones only)."""
    entry = db.session.get(ShowcaseEntry, entry_id) or abort(404)
    return image_response(entry.image, entry.image_type)
