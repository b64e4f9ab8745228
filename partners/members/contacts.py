"""A group partner's contacts: owners and editors, co-contacts invited by e-mail.

Owners manage the contacts; editors edit the group's profile only. Staff may manage any group's contacts, and
what they do is audit-logged. A group always keeps at least one owner. An invitation is a ContactInvitation row;
its mailed link is signed, carries only the row's id and expires after INVITATION_MAX_AGE_SECONDS. Each function
takes the acting user explicitly and leaves committing to the caller."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from partners.accounts.models import Role, User
from partners.accounts.tokens import InvalidToken, make_token, read_token
from partners.audit.services import record
from partners.core.text import normalise_email
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.labels import CONTACT_ROLE_LABELS
from partners.members.lifecycle import mail_about
from partners.members.models import ContactInvitation, ContactRole, Partner, PartnerContact, PartnerStatus
from partners.members.profiles import can_manage, is_contact, is_owner
from partners.outbox.services import queue_mail

INVITATION = "contact-invitation"

class ContactError(Exception):
    """A problem the person can fix; its message is shown to them in their language."""


class NotAllowed(Exception):
    """The acting user may not do this. Views check first and answer 403, so reaching this is a bug."""


@dataclass(frozen=True)
class SentInvitation:
    invitation: ContactInvitation
    replaced: bool  # an earlier invitation to the same address was still working and has been revoked


def has_contacts(partner: Partner) -> bool:
    """Only groups share their management; an individual is their own single contact. A withdrawn partner's
    record is anonymised and has nothing left to manage."""
    return partner.is_group and partner.status != PartnerStatus.WITHDRAWN


def _is_staff(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.STAFF)


def may_view_contacts(user: User, partner: Partner) -> bool:
    return has_contacts(partner) and (is_contact(user, partner) or _is_staff(user))


def may_manage_contacts(user: User, partner: Partner) -> bool:
    """Owners manage their group's contacts as long as they may edit it (not once it was rejected); staff always."""
    return has_contacts(partner) and (_is_staff(user) or (is_owner(user, partner) and can_manage(user, partner)))


def may_remove_contact(user: User, partner: Partner, contact: PartnerContact) -> bool:
    """Managers remove anyone; every contact may leave (remove themself)."""
    if contact.partner_id != partner.id:
        return False
    return may_manage_contacts(user, partner) or (has_contacts(partner) and contact.user_id == user.id)


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed


def _audit_staff(actor: User, partner: Partner, action: str, detail: str | None = None, *, own_right: bool) -> None:
    """Log what staff do by virtue of their role, not what they do in a group they belong to themselves."""
    if _is_staff(actor) and not own_right:
        record(actor, f"contact.{action}", "partner", partner.id, detail)


def list_contacts(partner: Partner, viewer: User) -> list[PartnerContact]:
    """Owners first, then by when they joined. A staff member looking at a group's contacts is logged."""
    _require(may_view_contacts(viewer, partner))
    _audit_staff(viewer, partner, "view", own_right=is_contact(viewer, partner))
    return sorted(partner.contacts, key=lambda c: (c.role != ContactRole.OWNER, c.added_at, c.id))


def invitation_days() -> int:
    """How long an invitation link works, in whole days, as mails and pages tell it."""
    return max(1, current_app.config["INVITATION_MAX_AGE_SECONDS"] // (24 * 60 * 60))


def _live_invitations(partner: Partner) -> Select[ContactInvitation]:
    """Invitations of the partner whose link still works: neither accepted nor revoked, and not expired."""
    oldest = utcnow() - timedelta(seconds=current_app.config["INVITATION_MAX_AGE_SECONDS"])
    return select(ContactInvitation).where(
        ContactInvitation.partner_id == partner.id,
        ContactInvitation.accepted_at.is_(None),
        ContactInvitation.revoked_at.is_(None),
        ContactInvitation.created_at > oldest,
    )


def pending_invitations(partner: Partner, viewer: User) -> list[ContactInvitation]:
    """Oldest first, each with the name of who sent it, in one query (their roles are not needed here)."""
    _require(may_manage_contacts(viewer, partner))
    return list(db.session.scalars(
        _live_invitations(partner)
        .options(joinedload(ContactInvitation.inviter).lazyload(User.role_grants))
        .order_by(ContactInvitation.created_at, ContactInvitation.id)
    ))


def _revoke(partner: Partner, invitation: ContactInvitation, actor: User) -> None:
    invitation.revoked_at = utcnow()
    _audit_staff(actor, partner, "revoke_invitation", own_right=is_owner(actor, partner))


def invite_contact(partner: Partner, email: str, role: ContactRole, inviter: User, locale: str) -> SentInvitation:
    """Record an invitation for `email` to join the group's contacts with `role`, and mail its link.

    A person has at most one working invitation per group: inviting them again revokes the earlier one, so that
    a lost mail or a changed role needs one step and only the newest link works."""
    _require(may_manage_contacts(inviter, partner))
    email = normalise_email(email)
    role = ContactRole(role)
    if any(contact.user.email == email for contact in partner.contacts):
        raise ContactError(_l("%(email)s is already a contact of this group.", email=email))
    earlier = db.session.scalars(_live_invitations(partner).where(ContactInvitation.email == email)).all()
    for invitation in earlier:
        _revoke(partner, invitation, inviter)
    invitation = ContactInvitation(partner_id=partner.id, email=email, role=role, inviter_id=inviter.id)
    db.session.add(invitation)
    db.session.flush()
    token = make_token(INVITATION, {"id": invitation.id})
    queue_mail(
        "contact_invitation",
        email,
        locale,
        _l("Invitation to manage %(group)s", group=partner.name),
        about=mail_about(partner),
        group=partner.name,
        inviter=inviter.name,
        role=CONTACT_ROLE_LABELS[role],
        days=invitation_days(),
        url=url_for("contacts.invitation", token=token, _external=True),
    )
    _audit_staff(inviter, partner, "invite", f"role={role.value}", own_right=is_owner(inviter, partner))
    return SentInvitation(invitation=invitation, replaced=bool(earlier))


def _get_invitation(invitation_id: int, *, lock: bool) -> ContactInvitation | None:
    """With `lock`, only the invitation's row is locked: PostgreSQL refuses FOR UPDATE on the outer-joined
    inviter."""
    return db.session.get(ContactInvitation, invitation_id,
                          with_for_update={"of": ContactInvitation} if lock else None)


def read_invitation(token: str, *, lock: bool = False) -> ContactInvitation:
    """The invitation a link points to. InvalidToken when the link is forged or expired, or when the invitation
    or its group's contacts are gone. `lock` holds the row until commit, so that an acceptance and a revocation
    of the same invitation cannot both succeed."""
    payload = read_token(INVITATION, token, max_age=current_app.config["INVITATION_MAX_AGE_SECONDS"])
    invitation_id = payload.get("id")
    if not isinstance(invitation_id, int):
        raise InvalidToken
    invitation = _get_invitation(invitation_id, lock=lock)
    if invitation is None or not has_contacts(invitation.partner):
        raise InvalidToken
    return invitation


def check_invitation(invitation: ContactInvitation, user: User) -> None:
    """Raise ContactError when `user` cannot accept now. The stamps on the invitation, not the current
    contacts, make a link work only once: a person removed from the group cannot use their old link again."""
    group = invitation.partner.name
    if invitation.accepted_at is not None:
        if is_contact(user, invitation.partner):
            raise ContactError(_l("You are already a contact of %(group)s. This invitation has been used.",
                                  group=group))
        raise ContactError(_l("This invitation has already been used. If you need to manage the group again, "
                              "please ask one of its owners for a new invitation."))
    if invitation.revoked_at is not None:
        raise ContactError(_l("This invitation has been revoked. If you still need to manage the group, please "
                              "ask one of its owners for a new invitation."))
    if invitation.inviter is None or not may_manage_contacts(invitation.inviter, invitation.partner):
        raise ContactError(_l("The person who invited you can no longer manage this group's contacts. Please ask "
                              "an owner of the group for a new invitation."))
    if user.email != invitation.email:
        raise ContactError(_l("This invitation was sent to another e-mail address. Please log in with the "
                              "invited address to accept it."))
    if is_contact(user, invitation.partner):
        raise ContactError(_l("You are already a contact of %(group)s.", group=group))


def open_invitation(token: str, user: User) -> ContactInvitation:
    """The invitation, when `user` may accept it now."""
    invitation = read_invitation(token)
    check_invitation(invitation, user)
    return invitation


def accept_invitation(token: str, user: User) -> PartnerContact:
    invitation = read_invitation(token, lock=True)
    check_invitation(invitation, user)
    contact = PartnerContact(user_id=user.id, role=invitation.role)
    invitation.partner.contacts.append(contact)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    return contact


def find_invitation(partner: Partner, invitation_id: int) -> ContactInvitation | None:
    """The partner's invitation, locked until commit for the same reason as in read_invitation."""
    invitation = _get_invitation(invitation_id, lock=True)
    return invitation if invitation is not None and invitation.partner_id == partner.id else None


def revoke_invitation(partner: Partner, invitation: ContactInvitation, actor: User) -> None:
    _require(may_manage_contacts(actor, partner) and invitation.partner_id == partner.id)
    if not invitation.is_pending:
        raise ContactError(_l("This invitation has already been accepted or revoked."))
    _revoke(partner, invitation, actor)


def _owner_count(partner: Partner) -> int:
    """Counted in the database under row locks, so that two owners demoting each other at the same moment cannot
    leave the group without one."""
    owner_ids = db.session.scalars(
        select(PartnerContact.id)
        .where(PartnerContact.partner_id == partner.id, PartnerContact.role == ContactRole.OWNER)
        .with_for_update()
    ).all()
    return len(owner_ids)


def change_role(partner: Partner, contact: PartnerContact, role: ContactRole, actor: User) -> None:
    _require(may_manage_contacts(actor, partner) and contact.partner_id == partner.id)
    role = ContactRole(role)
    if contact.role == role:
        return
    if contact.role == ContactRole.OWNER and _owner_count(partner) <= 1:
        raise ContactError(_l("The last owner cannot become an editor. Please make another contact an owner "
                              "first."))
    _audit_staff(actor, partner, "role", f"role={role.value}", own_right=is_owner(actor, partner))
    contact.role = role


def remove_contact(partner: Partner, contact: PartnerContact, actor: User) -> None:
    _require(may_remove_contact(actor, partner, contact))
    if contact.role == ContactRole.OWNER and _owner_count(partner) <= 1:
        raise ContactError(_l("The last owner cannot be removed. Please make another contact an owner first."))
    _audit_staff(actor, partner, "remove", own_right=is_owner(actor, partner) or contact.user_id == actor.id)
    partner.contacts.remove(contact)


def find_contact(partner: Partner, contact_id: int) -> PartnerContact | None:
    return next((contact for contact in partner.contacts if contact.id == contact_id), None)

