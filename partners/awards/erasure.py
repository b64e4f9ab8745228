"""Erasure reaches the award (DESIGN.md, 個人情報保護法): deleting an account or withdrawing a partner erases
their applications. A draft goes entirely. A submitted application keeps only its status and the judges'
numbers (so that the round's figures and decision stay explainable), its text becomes （削除済み）, its files and
mail are deleted. An award that was published keeps what was published: title, summary, category, tier, and
the group's name and photo when the applicant agreed to their publication. The person's name and address are
also taken out of the judging log, the judges' comments, the award reasons and the declarations."""

from sqlalchemy import ColumnElement, delete, func, select, update

from partners.accounts.models import User
from partners.accounts.services import account_deleting
from partners.awards.applications import mail_about
from partners.awards.models import (
    ApplicationStatus,
    AwardApplication,
    AwardAttachment,
    AwardGiven,
    JudgeDeclaration,
    JudgingLogEntry,
    RoundStatus,
    ScoreSheet,
)
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.lifecycle import partner_anonymising
from partners.members.models import Partner
from partners.outbox.services import erase_mail

ERASED = "（削除済み）"
SHORTEST_ERASED_TEXT = 2


@account_deleting.connect
def erase_for_deleted_account(user: User) -> None:
    erase_applications(AwardApplication.applicant_id == user.id, texts={user.name, user.email})


@partner_anonymising.connect
def erase_for_anonymised_partner(partner: Partner) -> None:
    texts = {partner.name, partner.email, partner.representative, partner.phone}
    erase_applications(AwardApplication.partner_id == partner.id, texts={text for text in texts if text})


def erase_applications(condition: ColumnElement[bool], texts: set[str]) -> int:
    applications = db.session.scalars(select(AwardApplication)
                                      .where(condition, AwardApplication.anonymised_at.is_(None))
                                      .order_by(AwardApplication.id)).all()
    now = utcnow()
    for application in applications:
        texts |= {application.contact_name, application.contact_email, application.contact_phone}
        erase_mail(about=mail_about(application))
        if application.status == ApplicationStatus.DRAFT:
            db.session.delete(application)
            continue
        published = (application.status == ApplicationStatus.AWARDED
                     and application.round.status == RoundStatus.PUBLISHED)
        keep_name = published and application.publish_name
        if not keep_name:
            texts.add(application.group_name)
        kept_photo = _first_image_id(application.id) if keep_name else None
        db.session.execute(delete(AwardAttachment).where(AwardAttachment.application_id == application.id,
                                                         AwardAttachment.id != (kept_photo or 0)))
        if not published:
            texts.add(application.title)  # judges' comments and the log quote it
            application.title, application.summary = ERASED, ""
            application.goals = ""
        if not keep_name:
            application.group_name, application.publish_name = "", False
        application.description = application.redacted_summary = application.ineligible_reason = ""
        application.contact_name = application.contact_email = application.contact_phone = ""
        application.applicant_id = application.partner_id = None
        application.anonymised_at = now
    _erase_free_text({text for text in texts if text and len(text) >= SHORTEST_ERASED_TEXT})
    return len(applications)


def _first_image_id(application_id: int) -> int | None:
    return db.session.scalar(select(AwardAttachment.id).where(AwardAttachment.application_id == application_id,
                                                              AwardAttachment.content_type.like("image/%"))
                             .order_by(AwardAttachment.id).limit(1))


def _erase_free_text(texts: set[str]) -> None:
    columns = (JudgingLogEntry.detail, ScoreSheet.comment, AwardGiven.reason, JudgeDeclaration.note,
               AwardApplication.redacted_summary, AwardApplication.ineligible_reason)
    for text in sorted(texts, key=len, reverse=True):
        for column in columns:
            db.session.execute(update(column.class_).where(column.contains(text, autoescape=True))
                               .values({column: func.replace(column, text, ERASED)})
                               .execution_options(synchronize_session=False))
