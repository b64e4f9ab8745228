"""Pages for the people who apply as and manage a partner: apply, edit, certificate, data download, withdraw."""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from partners.audit.services import record
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.members import lifecycle, profiles
from partners.members.data_export import personal_data_csv
from partners.members.forms import (
    GroupApplicationForm,
    GroupProfileForm,
    IndividualApplicationForm,
    IndividualProfileForm,
    WithdrawForm,
)
from partners.members.models import Partner, PartnerKind, PartnerStatus
from partners.members.postal import lookup_address

bp = Blueprint("members", __name__, url_prefix="/members")

APPLICATION_FORMS = {PartnerKind.INDIVIDUAL: IndividualApplicationForm, PartnerKind.GROUP: GroupApplicationForm}
PROFILE_FORMS = {PartnerKind.INDIVIDUAL: IndividualProfileForm, PartnerKind.GROUP: GroupProfileForm}


def partner_or_404(partner_id: int) -> Partner:
    return db.session.get(Partner, partner_id) or abort(404)


def managed_partner(partner_id: int) -> Partner:
    partner = partner_or_404(partner_id)
    if not profiles.can_manage(current_user, partner):
        abort(403)
    return partner


def filled_address(form) -> bool:
    """The no-JavaScript path of the postal-code lookup: the form came back with 「住所を検索」 or 「この住所を入れる」
    pressed. An address the person typed is never replaced unasked: the lookup fills an empty address field and
    otherwise only offers what it found."""
    if "lookup" not in form or not (form.lookup.data or form.use_found_address.data):
        return False
    address = lookup_address(form.postal_code.data or "")
    if not address:
        form.postal_code.errors = [_("No address was found for this postal code.")]
    elif form.lookup.data and form.address.data and form.address.data != address:
        form.found_address = address
    else:
        form.address.data = address
    return True


@bp.get("/mine")
@login_required
def mine():
    return render_template("members/mine.html", partners=profiles.partners_of(current_user),
                           has_individual=profiles.has_open_individual_membership(current_user),
                           withdraw_form=WithdrawForm())


@bp.route("/apply/<any(individual, group):kind>", methods=["GET", "POST"])
@login_required
def apply(kind: str):
    kind = PartnerKind(kind)
    if kind == PartnerKind.INDIVIDUAL and profiles.has_open_individual_membership(current_user):
        flash(_("You have already applied as an individual partner."), "warning")
        return redirect(url_for("members.mine"))
    form = APPLICATION_FORMS[kind]()
    if request.method == "GET" and kind == PartnerKind.INDIVIDUAL:
        form.name.data = current_user.name
    if not filled_address(form) and form.validate_on_submit():
        profiles.apply(current_user, kind, form.profile_data())
        db.session.commit()
        flash(_("Thank you. Your application has been received."), "success")
        return redirect(url_for("members.mine"))
    return render_template("members/form.html", form=form, kind=kind, partner=None)


@bp.route("/<int:partner_id>/edit", methods=["GET", "POST"])
@login_required
def edit(partner_id: int):
    partner = managed_partner(partner_id)
    form = PROFILE_FORMS[partner.kind](obj=partner)
    if request.method == "GET" and not profiles.is_contact(current_user, partner):
        record(current_user, "partner.view", "partner", partner.id)  # staff opening someone's profile
        db.session.commit()
    if not filled_address(form) and form.validate_on_submit():
        profiles.update_profile(partner, form.profile_data(), current_user)
        db.session.commit()
        flash(_("The profile has been saved."), "success")
        return redirect(url_for("members.mine") if profiles.is_contact(current_user, partner)
                        else url_for("staff_members.detail", partner_id=partner.id))
    return render_template("members/form.html", form=form, kind=partner.kind, partner=partner)


@bp.get("/<int:partner_id>/certificate")
@login_required
def certificate(partner_id: int):
    partner = managed_partner(partner_id)
    if partner.status != PartnerStatus.ACTIVE:
        abort(404)
    return render_template("members/certificate.html", partner=partner, issued_on=local_today())


def own_partner(partner_id: int) -> Partner:
    """A partner whose data the signed-in person may download: one they are a contact of."""
    partner = partner_or_404(partner_id)
    if not profiles.is_contact(current_user, partner):
        abort(403)
    return partner


@bp.get("/<int:partner_id>/data.json")
@login_required
def download_data(partner_id: int):
    partner = own_partner(partner_id)
    body = json.dumps(profiles.personal_data(partner), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename=partner-{partner.id}.json",
    })


@bp.get("/<int:partner_id>/data.csv")
@login_required
def download_data_csv(partner_id: int):
    partner = own_partner(partner_id)
    return Response(personal_data_csv(partner), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=partner-{partner.id}.csv",
    })


@bp.route("/<int:partner_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(partner_id: int):
    partner = partner_or_404(partner_id)
    if not profiles.is_owner(current_user, partner):
        abort(403)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            lifecycle.withdraw(partner, current_user, form.reason.data or _("Withdrawn by the partner"))
        except lifecycle.TransitionError as error:
            flash(str(error), "error")
            return redirect(url_for("members.mine"))
        db.session.commit()
        flash(_("You have withdrawn from the programme. Your profile and personal data have been removed."),
              "success")
        return redirect(url_for("members.mine"))
    return render_template("members/withdraw.html", form=form, partner=partner)
