"""Partner lifecycle (DESIGN.md): applied → active (member number issued) → suspended | withdrawn, plus the
review outcomes `changes_requested` and `rejected`. Every transition is recorded with who, when and why."""

from datetime import datetime

from blinker import Namespace
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from partners.accounts.models import User
from partners.accounts.services import account_deleting
from partners.audit.services import forget_actors, record
from partners.core.timeutil import local_date, utcnow
from partners.extensions import db
from partners.members.models import (
    ContactInvitation,
    ContactRole,
    Partner,
    PartnerContact,
    PartnerKind,
    PartnerStatus,
    PartnerStatusChange,
)
from partners.members.numbers import issue_member_no
from partners.members.search import clear_index, reindex
from partners.outbox.services import erase_mail, queue_mail

S = PartnerStatus
# Sent when a partner's personal data is about to be erased (withdrawal, a deleted account), in the same
# transaction, while the partner still has its name, address and contacts: features holding data about the
# partner or its people (event registrations) erase theirs without this package knowing about them.
partner_anonymising = Namespace().signal("partner-anonymising")
ALLOWED = {
    S.APPLIED: {S.ACTIVE, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.APPLIED, S.REJECTED, S.WITHDRAWN},
    S.REJECTED: set(),
    S.ACTIVE: {S.SUSPENDED, S.WITHDRAWN},
    S.SUSPENDED: {S.ACTIVE, S.WITHDRAWN},
    S.WITHDRAWN: set(),
}


class TransitionError(Exception):
    """The partner's current status does not allow this step; the message says so in the user's language."""


def change_status(partner: Partner, to: PartnerStatus, actor: User | None, reason: str = "",
                  at: datetime | None = None) -> PartnerStatusChange:
    if to not in ALLOWED[partner.status]:
        raise TransitionError(_l("This is not possible while the partner is %(status)s.",
                                 status=status_label(partner.status)))
    change = PartnerStatusChange(
        from_status=partner.status, to_status=to, actor_id=actor.id if actor else None, reason=reason,
        at=at or utcnow(),
    )
    partner.status_changes.append(change)
    partner.status = to
    reindex(partner)  # the directory lists active partners only
    return change


def record_initial_status(partner: Partner, actor: User | None, reason: str = "", at: datetime | None = None):
    partner.status_changes.append(PartnerStatusChange(
        from_status=None, to_status=partner.status, actor_id=actor.id if actor else None, reason=reason,
        at=at or utcnow(),
    ))


def certify_individual(partner: Partner, actor: User | None, reason: str, at: datetime | None = None) -> bool:
    """Make an individual applicant a partner: attending a certifying lecture (the events feature calls this)
    or staff certifying by hand. Returns False when the partner was already active."""
    if partner.kind != PartnerKind.INDIVIDUAL:
        raise TransitionError(_l("Only individual partners are certified; groups are approved."))
    if partner.status == S.ACTIVE:
        return False
    _activate(partner, actor, reason, at)
    return True


def approve_group(partner: Partner, actor: User, reason: str = "") -> None:
    if partner.kind != PartnerKind.GROUP:
        raise TransitionError(_l("Only group applications are approved; individuals are certified."))
    _activate(partner, actor, reason, None)


def _activate(partner: Partner, actor: User | None, reason: str, at: datetime | None) -> None:
    at = at or utcnow()
    change_status(partner, S.ACTIVE, actor, reason, at)
    partner.member_no = partner.member_no or issue_member_no(partner.kind)
    partner.certified_at = at
    partner.joined_on = local_date(at)
    partner.review_comment = None
    reindex(partner)
    record(actor, "partner.activate", "partner", partner.id)
    notify_contacts(partner, "partner_welcome", _l("Your partner registration is complete"),
                    certificate_url=url_for("members.certificate", partner_id=partner.id, _external=True))


def acknowledge_application(partner: Partner) -> None:
    """Tell the applicant that the application arrived and what happens next (a lecture, or staff review)."""
    notify_contacts(partner, "partner_applied", _l("We have received your partner application"))


def reject(partner: Partner, actor: User, reason: str) -> None:
    change_status(partner, S.REJECTED, actor, reason)
    partner.review_comment = reason
    record(actor, "partner.reject", "partner", partner.id)
    notify_contacts(partner, "partner_rejected", _l("About your partner application"), reason=reason)


def request_changes(partner: Partner, actor: User, comment: str) -> None:
    change_status(partner, S.CHANGES_REQUESTED, actor, comment)
    partner.review_comment = comment
    record(actor, "partner.request_changes", "partner", partner.id)
    notify_contacts(partner, "partner_changes_requested", _l("Please revise your partner application"),
                    comment=comment)


def resubmit(partner: Partner, actor: User) -> None:
    change_status(partner, S.APPLIED, actor, "")


def suspend(partner: Partner, actor: User, reason: str) -> None:
    change_status(partner, S.SUSPENDED, actor, reason)
    record(actor, "partner.suspend", "partner", partner.id)


def reinstate(partner: Partner, actor: User, reason: str) -> None:
    change_status(partner, S.ACTIVE, actor, reason)
    record(actor, "partner.reinstate", "partner", partner.id)


def withdraw(partner: Partner, actor: User | None, reason: str) -> None:
    """Withdraw and anonymise: the row stays (for anonymous counts: kind, area, goals, dates, history) but
    nothing that identifies the partner or a person does."""
    change_status(partner, S.WITHDRAWN, actor, reason)
    record(actor, "partner.withdraw", "partner", partner.id)
    anonymise(partner)


def mail_about(partner: Partner) -> str:
    return f"partner:{partner.id}"


def anonymise(partner: Partner) -> None:
    """Erase the partner's personal data: its fields, the free text of its history (the transitions, dates and
    the fact that a reason was given stay), its contacts and invitations, the search index, the mail about it
    and, for an individual, all mail to their address. Links from the history and the audit log to the
    partner's own people are cut, so no account points at the anonymous record."""
    partner_anonymising.send(partner)
    people = {contact.user_id for contact in partner.contacts}
    addresses = {partner.email} | {contact.user.email for contact in partner.contacts if partner.is_individual}
    addresses.discard(None)
    erase_mail(about=mail_about(partner), recipients=addresses)
    erase_personal_fields(partner)
    for change in partner.status_changes:
        if change.reason:
            change.reason, change.reason_erased = "", True
        if change.actor_id in people:
            change.actor_id = None
    forget_actors("partner", partner.id, people)
    partner.contacts = []
    db.session.execute(delete(ContactInvitation).where(ContactInvitation.partner_id == partner.id))
    partner.anonymised_at = utcnow()
    clear_index(partner)


# The member number stays: it names no one once the rest is gone, it is never reissued, and it lets a later import
# recognise the withdrawn record instead of creating it again.
ERASED_TEXTS = ("name", "name_kana", "kana_sort_key", "activities", "offers", "needs")
ERASED_VALUES = ("email", "phone", "representative", "postal_code", "address", "website", "size", "review_comment")


def erase_personal_fields(partner) -> None:
    """Empty the partner's own fields that identify it or a person (a Partner, or an import's PartnerRecord)."""
    for field in ERASED_TEXTS:
        setattr(partner, field, "")
    for field in ERASED_VALUES:
        setattr(partner, field, None)


# The review and status actions staff take from a partner's record: from which statuses, for which kind
# (None: both), and the step that carries each out. Each needs a reason.
STAFF_ACTIONS = {
    "certify": ({S.APPLIED, S.CHANGES_REQUESTED}, PartnerKind.INDIVIDUAL, certify_individual),
    "approve": ({S.APPLIED}, PartnerKind.GROUP, approve_group),
    "request_changes": ({S.APPLIED}, None, request_changes),
    "reject": ({S.APPLIED, S.CHANGES_REQUESTED}, None, reject),
    "suspend": ({S.ACTIVE}, None, suspend),
    "reinstate": ({S.SUSPENDED}, None, reinstate),
    # A pending application is rejected, not withdrawn: withdrawal ends a membership.
    "withdraw": ({S.ACTIVE, S.SUSPENDED}, None, withdraw),
}


def staff_actions(partner: Partner) -> list[str]:
    return [name for name, (statuses, kind, _step) in STAFF_ACTIONS.items()
            if partner.status in statuses and kind in (None, partner.kind)]


def take_staff_action(name: str, partner: Partner, actor: User, reason: str) -> None:
    if name not in staff_actions(partner):
        raise TransitionError(_l("This is not possible while the partner is %(status)s.",
                                 status=status_label(partner.status)))
    STAFF_ACTIONS[name][2](partner, actor, reason)


# A group application nobody can answer for any more; an active group stays a member and staff invite a new
# contact for it.
UNATTENDED_WHEN_ORPHANED = {S.APPLIED, S.CHANGES_REQUESTED, S.REJECTED}


@account_deleting.connect
def withdraw_with_account(user: User) -> None:
    """Deleting an account erases the person's individual partnership whatever its status (withdrawn and
    anonymised), and every group application whose only contact they were; it takes them off the other groups
    and deletes invitations sent to their address. A group that loses its last owner gets its
    longest-standing editor as owner, so that someone can still manage it."""
    for contact in db.session.scalars(select(PartnerContact).where(PartnerContact.user_id == user.id)).all():
        partner = contact.partner
        if partner.is_individual or (len(partner.contacts) == 1 and partner.status in UNATTENDED_WHEN_ORPHANED):
            erase_for_deleted_account(partner)
            continue
        partner.contacts.remove(contact)
        if contact.role == ContactRole.OWNER and not any(c.role == ContactRole.OWNER for c in partner.contacts):
            successor = min(partner.contacts, key=lambda c: (c.added_at, c.id), default=None)
            if successor is not None:
                successor.role = ContactRole.OWNER
    db.session.execute(delete(ContactInvitation).where(ContactInvitation.email == user.email))


def erase_for_deleted_account(partner: Partner) -> None:
    if S.WITHDRAWN in ALLOWED[partner.status]:
        withdraw(partner, None, "")
    elif partner.anonymised_at is None:
        anonymise(partner)


def notify_contacts(partner: Partner, template: str, subject, **context) -> None:
    """Mail every contact of the partner, each in their own language; a partner without contacts (imported)
    gets it at its own address."""
    recipients = [(contact.user.email, contact.user.locale, contact.user.name) for contact in partner.contacts]
    if not recipients and partner.email:
        recipients = [(partner.email, current_app.config["BABEL_DEFAULT_LOCALE"], partner.name)]
    for email, locale, name in recipients:
        queue_mail(template, email, locale, subject, about=mail_about(partner), partner=partner, recipient_name=name,
                   status_url=url_for("members.mine", _external=True), **context)


STATUS_LABELS = {
    S.APPLIED: _l("applied"),
    S.CHANGES_REQUESTED: _l("changes requested"),
    S.REJECTED: _l("rejected"),
    S.ACTIVE: _l("active"),
    S.SUSPENDED: _l("suspended"),
    S.WITHDRAWN: _l("withdrawn"),
}


def status_label(status: PartnerStatus) -> str:
    return str(STATUS_LABELS[PartnerStatus(status)])
