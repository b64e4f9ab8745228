"""Collaboration requests (連携の申込): a partner writes to another through the programme; the message is relayed
by mail without either address. The recipient accepts (then both see each other's contacts: a collaboration,
counted by the KPI) or declines, and may report abuse to the programme office. Each function takes the acting
user explicitly and leaves committing to the caller."""

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner, PartnerContact, PartnerStatus, Visibility
from partners.members.profiles import is_contact
from partners.outbox.services import queue_mail
from partners.portal.models import Collaboration, CollaborationStatus

S = CollaborationStatus


class CollaborationError(Exception):
    """A problem the person can fix or understand; the message is in their language."""


def collaboration_about(collaboration: Collaboration) -> str:
    return f"collaboration:{collaboration.id}"


def active_partners_of(user: User) -> list[Partner]:
    """The active partners the person acts for (their own individual partnership, their groups); one query."""
    return list(db.session.scalars(
        select(Partner).join(PartnerContact)
        .where(PartnerContact.user_id == user.id, Partner.status == PartnerStatus.ACTIVE)
        .order_by(Partner.kind, Partner.applied_at, Partner.id)
    ))


def may_receive_requests(partner: Partner) -> bool:
    return partner.status == PartnerStatus.ACTIVE and partner.visibility_listing != Visibility.PRIVATE


def send_request(sender: Partner, recipient: Partner, message: str, actor: User) -> Collaboration:
    if sender.status != PartnerStatus.ACTIVE or not is_contact(actor, sender):
        raise CollaborationError(_l("Only an active partner can ask for a collaboration."))
    if recipient.id == sender.id or not may_receive_requests(recipient):
        raise CollaborationError(_l("This partner cannot receive requests."))
    already = db.session.scalar(select(Collaboration.id).where(
        or_(and_(Collaboration.sender_id == sender.id, Collaboration.recipient_id == recipient.id),
            and_(Collaboration.sender_id == recipient.id, Collaboration.recipient_id == sender.id)),
        Collaboration.status.in_((S.PENDING, S.ACCEPTED))).limit(1))
    if already is not None:
        raise CollaborationError(_l("You already have a request or a collaboration with this partner."))
    collaboration = Collaboration(sender=sender, recipient=recipient, sent_by_id=actor.id, message=message)
    db.session.add(collaboration)
    db.session.flush()
    _mail_contacts(recipient, collaboration, "collaboration_request",
                   _l("A request for collaboration from %(name)s", name=sender.name))
    return collaboration


def answer(collaboration: Collaboration, accept: bool, actor: User) -> None:
    if not is_contact(actor, collaboration.recipient):
        raise CollaborationError(_l("Only the partner who received the request can answer it."))
    if collaboration.status != S.PENDING:
        raise CollaborationError(_l("This request has already been answered."))
    collaboration.status = S.ACCEPTED if accept else S.DECLINED
    collaboration.answered_at, collaboration.answered_by_id = utcnow(), actor.id
    name = collaboration.recipient.name
    subject = (_l("%(name)s accepted your request for collaboration", name=name) if accept
               else _l("%(name)s declined your request for collaboration", name=name))
    _mail_contacts(collaboration.sender, collaboration,
                   "collaboration_accepted" if accept else "collaboration_declined", subject)


def report(collaboration: Collaboration, reason: str, actor: User) -> None:
    """The recipient reports the request to the programme office; a pending request is declined with it (the
    sender is not told of the report)."""
    if not is_contact(actor, collaboration.recipient):
        raise CollaborationError(_l("Only the partner who received the request can report it."))
    if collaboration.reported_at is not None:
        raise CollaborationError(_l("This request has already been reported."))
    collaboration.reported_at, collaboration.report_reason, collaboration.reported_by_id = utcnow(), reason, actor.id
    if collaboration.status == S.PENDING:
        collaboration.status, collaboration.answered_at, collaboration.answered_by_id = S.DECLINED, utcnow(), actor.id
    record(actor, "collaboration.report", "collaboration", collaboration.id)
    queue_mail("collaboration_reported", current_app.config["PROGRAMME_OFFICE_EMAIL"],
               current_app.config["BABEL_DEFAULT_LOCALE"], _l("A collaboration request was reported"),
               about=collaboration_about(collaboration), collaboration=collaboration,
               staff_url=url_for("collaboration_staff.reports", _external=True))


def _mail_contacts(partner: Partner, collaboration: Collaboration, template: str, subject) -> None:
    """Each contact of `partner`, in their own language; the mail names partners, never an address."""
    people = [(contact.user.email, contact.user.locale, contact.user.name) for contact in partner.contacts]
    if not people and partner.email:
        people = [(partner.email, current_app.config["BABEL_DEFAULT_LOCALE"], partner.name)]
    link = url_for("collaboration.show", collaboration_id=collaboration.id, _external=True)
    for email, locale, name in people:
        queue_mail(template, email, locale, subject, about=collaboration_about(collaboration),
                   collaboration=collaboration, recipient_name=name, collaboration_url=link)


def visible_to(collaboration: Collaboration, user: User) -> Partner | None:
    """The side the person acts for (a contact of the sender or the recipient), else None."""
    for side in (collaboration.recipient, collaboration.sender):
        if is_contact(user, side):
            return side
    return None


@dataclass(frozen=True)
class Contacts:
    """What a partner shows a partner it collaborates with: how to reach it."""

    name: str
    email: str | None
    phone: str | None
    website: str | None
    people: list[tuple[str, str]]  # (name, e-mail) of the partner's contacts


def contacts_for_collaborator(collaboration: Collaboration, partner: Partner) -> Contacts | None:
    """`partner`'s contacts, for the other side of an accepted collaboration only."""
    if not collaboration.is_accepted or partner.status != PartnerStatus.ACTIVE:
        return None
    return Contacts(partner.name, partner.email, partner.phone, partner.website,
                    [(contact.user.name, contact.user.email) for contact in partner.contacts])


def _both_partners():
    """Both partners' names in the same query; their goals are not shown in lists, so not loaded."""
    return (joinedload(Collaboration.sender).lazyload(Partner.goal_links),
            joinedload(Collaboration.recipient).lazyload(Partner.goal_links))


def collaborations_of(partner_ids: list[int], limit: int = 50) -> list[Collaboration]:
    """The latest requests sent or received by any of `partner_ids`, with both partners loaded; one query per
    relation, whatever their number."""
    if not partner_ids:
        return []
    return list(db.session.scalars(
        select(Collaboration)
        .where(or_(Collaboration.sender_id.in_(partner_ids), Collaboration.recipient_id.in_(partner_ids)))
        .options(*_both_partners())
        .order_by(Collaboration.created_at.desc(), Collaboration.id.desc()).limit(limit)
    ))


def waiting_for(partner_ids: list[int], limit: int = 5) -> list[Collaboration]:
    """Requests waiting for an answer from any of `partner_ids`."""
    if not partner_ids:
        return []
    return list(db.session.scalars(
        select(Collaboration)
        .where(Collaboration.recipient_id.in_(partner_ids), Collaboration.status == S.PENDING)
        .options(*_both_partners())
        .order_by(Collaboration.created_at.desc(), Collaboration.id.desc()).limit(limit)
    ))


def reported(limit: int = 200) -> list[Collaboration]:
    return list(db.session.scalars(
        select(Collaboration).where(Collaboration.reported_at.is_not(None))
        .options(*_both_partners())
        .order_by(Collaboration.reported_at.desc(), Collaboration.id.desc()).limit(limit)
    ))
