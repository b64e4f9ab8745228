"""Erasure reaches the portal (DESIGN.md, 個人情報保護法). When a partner withdraws or an account is deleted, the
requests they sent or received lose their message and any report's text, the mail relaying them is deleted,
the showcase entries of their collaborations are deleted (text and photo), and their name and address are
taken out of other partners' messages and entries. The request rows stay, with partners, state and times,
so the anonymous count of collaborations is unchanged."""

from sqlalchemy import ColumnElement, delete, func, or_, select, update

from partners.accounts.models import User
from partners.accounts.services import account_deleting
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.lifecycle import partner_anonymising
from partners.members.models import Partner
from partners.outbox.models import OutboxMessage
from partners.outbox.services import erase_mail
from partners.portal.collaborations import collaboration_about
from partners.portal.models import Collaboration, CollaborationStatus, ShowcaseEntry

ERASED = "（削除済み）"
SHORTEST_ERASED_TEXT = 2  # a one-character name would erase ordinary words


@partner_anonymising.connect
def erase_for_anonymised_partner(partner: Partner) -> None:
    texts = {partner.name, partner.email, partner.representative, partner.phone, partner.website}
    texts |= {text for contact in partner.contacts for text in (contact.user.name, contact.user.email)}
    erase_collaborations(or_(Collaboration.sender_id == partner.id, Collaboration.recipient_id == partner.id),
                         texts={text for text in texts if text}, whole_entries=True)


@account_deleting.connect
def erase_for_deleted_account(user: User) -> None:
    """What the person wrote: their requests' messages, their reports, the showcase entries they wrote."""
    erase_collaborations(or_(Collaboration.sent_by_id == user.id, Collaboration.reported_by_id == user.id),
                         texts={user.name, user.email}, whole_entries=False)
    db.session.execute(delete(ShowcaseEntry).where(ShowcaseEntry.written_by_id == user.id))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == user.email,
                                                   OutboxMessage.template.like("collaboration%")))


def erase_collaborations(condition: ColumnElement[bool], texts: set[str], whole_entries: bool) -> None:
    """Blank the text of the matching requests, erase their mail, close the pending ones, delete their showcase
    entries (`whole_entries`), and replace `texts` wherever else the portal keeps free text."""
    now = utcnow()
    for collaboration in db.session.scalars(select(Collaboration).where(condition)).all():
        erase_mail(about=collaboration_about(collaboration))
        collaboration.message, collaboration.erased_at = "", now
        if collaboration.report_reason:
            collaboration.report_reason = ""
        if collaboration.status == CollaborationStatus.PENDING:
            collaboration.status, collaboration.answered_at = CollaborationStatus.DECLINED, now
        if whole_entries:
            db.session.execute(delete(ShowcaseEntry).where(ShowcaseEntry.collaboration_id == collaboration.id))
    for text in sorted((t for t in texts if len(t) >= SHORTEST_ERASED_TEXT), key=len, reverse=True):
        for model, columns in ((Collaboration, (Collaboration.message, Collaboration.report_reason)),
                               (ShowcaseEntry, (ShowcaseEntry.title, ShowcaseEntry.body))):
            for column in columns:
                db.session.execute(update(model).where(column.contains(text, autoescape=True))
                                   .values({column: func.replace(column, text, ERASED)}))
