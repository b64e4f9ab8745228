"""A group's contacts page, invitations to co-contacts, and the postal code lookup used by profile forms."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import lazyload, selectinload

from partners.accounts.limits import mail_limits
from partners.accounts.tokens import InvalidToken
from partners.core.i18n import current_language
from partners.extensions import db
from partners.members import contacts
from partners.members.contact_forms import (
    AcceptInvitationForm,
    ContactRoleForm,
    InviteContactForm,
    RemoveContactForm,
    RevokeInvitationForm,
)
from partners.members.labels import contact_role_label
from partners.members.models import ContactRole, Partner, PartnerContact
from partners.members.postal import lookup_address, normalise_postal_code

bp = Blueprint("contacts", __name__, url_prefix="/members")


def group_or_404(partner_id: int) -> Partner:
    """The partner with its contacts (and their accounts) in one go; 404 unless it is a group that has any."""
    partner = db.session.scalar(
        select(Partner)
        .where(Partner.id == partner_id)
        .options(selectinload(Partner.contacts), lazyload(Partner.goal_links))
    )
    if partner is None or not contacts.has_contacts(partner):
        abort(404)
    return partner


def contact_or_404(partner: Partner, contact_id: int) -> PartnerContact:
    return contacts.find_contact(partner, contact_id) or abort(404)


def render_contacts(partner: Partner, invite_form: InviteContactForm, status: int = 200):
    listed = contacts.list_contacts(partner, current_user)
    can_manage = contacts.may_manage_contacts(current_user, partner)
    page = render_template(
        "members/contacts.html",
        partner=partner,
        contacts=listed,
        can_manage=can_manage,
        invitations=contacts.pending_invitations(partner, current_user) if can_manage else [],
        invite_form=invite_form,
        role_forms={contact.id: ContactRoleForm(formdata=None, role=contact.role.value) for contact in listed},
        remove_form=RemoveContactForm(formdata=None),
        revoke_form=RevokeInvitationForm(formdata=None),
        invitation_days=contacts.invitation_days(),
    )
    db.session.commit()  # a staff member's view of the list is audit-logged
    return page, status


@bp.get("/<int:partner_id>/contacts")
@login_required
def index(partner_id: int):
    partner = group_or_404(partner_id)
    if not contacts.may_view_contacts(current_user, partner):
        abort(403)
    return render_contacts(partner, InviteContactForm(formdata=None))


@bp.post("/<int:partner_id>/contacts/invite")
@login_required
@mail_limits()
def invite(partner_id: int):
    partner = group_or_404(partner_id)
    if not contacts.may_manage_contacts(current_user, partner):
        abort(403)
    form = InviteContactForm()
    if not form.validate_on_submit():
        return render_contacts(partner, form, 400)
    try:
        sent = contacts.invite_contact(partner, form.email.data, ContactRole(form.role.data), current_user,
                                       current_language())
    except contacts.ContactError as error:
        form.email.errors.append(str(error))
        return render_contacts(partner, form, 400)
    email = sent.invitation.email
    db.session.commit()
    if sent.replaced:
        flash(_("We have sent a new invitation to %(email)s. The link in the earlier invitation no longer works.",
                email=email), "success")
    else:
        flash(_("We have sent an invitation to %(email)s.", email=email), "success")
    return redirect(url_for("contacts.index", partner_id=partner_id))


@bp.post("/<int:partner_id>/contacts/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(partner_id: int, invitation_id: int):
    partner = group_or_404(partner_id)
    if not contacts.may_manage_contacts(current_user, partner):
        abort(403)
    if not RevokeInvitationForm().validate_on_submit():
        abort(400)
    invitation = contacts.find_invitation(partner, invitation_id) or abort(404)
    email = invitation.email
    try:
        contacts.revoke_invitation(partner, invitation, current_user)
    except contacts.ContactError as error:
        flash(str(error), "error")
        return redirect(url_for("contacts.index", partner_id=partner_id))
    db.session.commit()
    flash(_("The invitation to %(email)s has been revoked. Its link no longer works.", email=email), "success")
    return redirect(url_for("contacts.index", partner_id=partner_id))


@bp.post("/<int:partner_id>/contacts/<int:contact_id>/role")
@login_required
def change_role(partner_id: int, contact_id: int):
    partner = group_or_404(partner_id)
    if not contacts.may_manage_contacts(current_user, partner):
        abort(403)
    contact = contact_or_404(partner, contact_id)
    form = ContactRoleForm()
    if not form.validate_on_submit():
        flash(_("Choose a role."), "error")
        return redirect(url_for("contacts.index", partner_id=partner_id))
    name, role = contact.user.name, ContactRole(form.role.data)
    try:
        contacts.change_role(partner, contact, role, current_user)
    except contacts.ContactError as error:
        flash(str(error), "error")
        return redirect(url_for("contacts.index", partner_id=partner_id))
    db.session.commit()
    flash(_("The role of %(name)s is now %(role)s.", name=name, role=contact_role_label(role)), "success")
    return redirect(url_for("contacts.index", partner_id=partner_id))


@bp.post("/<int:partner_id>/contacts/<int:contact_id>/remove")
@login_required
def remove(partner_id: int, contact_id: int):
    partner = group_or_404(partner_id)
    if not contacts.may_view_contacts(current_user, partner):
        abort(403)
    contact = contact_or_404(partner, contact_id)
    if not contacts.may_remove_contact(current_user, partner, contact):
        abort(403)
    if not RemoveContactForm().validate_on_submit():
        abort(400)
    name, group, leaving = contact.user.name, partner.name, contact.user_id == current_user.id
    try:
        contacts.remove_contact(partner, contact, current_user)
    except contacts.ContactError as error:
        flash(str(error), "error")
        return redirect(url_for("contacts.index", partner_id=partner_id))
    db.session.commit()
    if leaving:
        flash(_("You are no longer a contact of %(group)s.", group=group), "success")
        return redirect(url_for("members.mine"))
    flash(_("%(name)s is no longer a contact of this group.", name=name), "success")
    return redirect(url_for("contacts.index", partner_id=partner_id))


def invitation_problem(message: str):
    return render_template("members/invitation.html", problem=message), 400


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str):
    form = AcceptInvitationForm()
    try:
        if form.validate_on_submit():
            contact = contacts.accept_invitation(token, current_user)
            partner_id, group = contact.partner.id, contact.partner.name
            db.session.commit()
            flash(_("You are now a contact of %(group)s.", group=group), "success")
            return redirect(url_for("contacts.index", partner_id=partner_id))
        found = contacts.open_invitation(token, current_user)
    except InvalidToken:
        return invitation_problem(_("This invitation link is invalid or has expired. Please ask an owner of the "
                                    "group to send you a new one."))
    except contacts.ContactError as error:
        return invitation_problem(str(error))
    return render_template("members/invitation.html", invitation=found, form=form,
                           role=contact_role_label(found.role))


@bp.get("/postal-code/<code>")
@login_required
def postal_code(code: str):
    """JSON for postal.js. `message` is what the page announces to screen reader users, in their language."""
    address = lookup_address(code)
    if address is None:
        return {"error": _("No address was found for this postal code.")}, 404
    normalised = normalise_postal_code(code)
    return {
        "postal_code": normalised,
        "address": address,
        "message": _("Address for %(code)s: %(address)s", code=normalised, address=address),
        "offer": _("Address found: %(address)s", address=address),
    }
