"""Applications: a verified account saves a draft, submits it before the deadline (the server's clock in UTC,
shown in Asia/Tokyo), edits it until the deadline, or withdraws it. After the deadline only staff change an
application, with a reason in the judging log; staff also screen eligibility."""

from dataclasses import dataclass, fields
from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from partners.accounts.models import User
from partners.awards import lifecycle
from partners.awards.lifecycle import AwardError
from partners.awards.models import ApplicationStatus, AwardApplication, AwardRound, RoundStatus
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner
from partners.members.profiles import is_contact
from partners.outbox.services import queue_mail

A = ApplicationStatus
# What the applicant may still change themself (before the deadline).
APPLICANT_EDITABLE = {A.DRAFT, A.SUBMITTED}
# Required to submit (a draft may be saved with any of them empty).
REQUIRED_TO_SUBMIT = ("title", "category_id", "summary", "description", "group_name", "contact_name",
                      "contact_email")


@dataclass
class ApplicationData:
    title: str = ""
    category_id: int | None = None
    summary: str = ""
    description: str = ""
    goals: list[int] | None = None
    group_name: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    publish_name: bool = False
    partner_id: int | None = None

    @classmethod
    def of(cls, application: AwardApplication) -> "ApplicationData":
        data = cls(**{f.name: getattr(application, f.name) for f in fields(cls) if f.name != "goals"})
        data.goals = application.goal_numbers
        return data


def accepting(round_: AwardRound, at: datetime | None = None) -> bool:
    """Whether the call takes applications and changes at `at` (now): open, and inside its window."""
    at = at or utcnow()
    return round_.status == RoundStatus.OPEN and round_.opens_at <= at < round_.closes_at


def require_accepting(round_: AwardRound) -> None:
    if round_.status == RoundStatus.OPEN and utcnow() < round_.opens_at:
        raise AwardError(_l("The call has not opened yet."))
    if not accepting(round_):
        raise AwardError(_l("The deadline has passed: applications can no longer be submitted or changed. "
                            "Your draft is kept."))


def may_apply(user: User) -> bool:
    return user.is_authenticated and user.is_verified


def applications_of(user: User, limit: int | None = None) -> list[AwardApplication]:
    """A person's own applications, newest first, with their rounds (for `status_for_applicant`; the rounds'
    rubrics are not loaded); one query."""
    return list(db.session.scalars(
        select(AwardApplication).where(AwardApplication.applicant_id == user.id)
        .options(joinedload(AwardApplication.round).lazyload("*")).order_by(AwardApplication.id.desc())
        .limit(limit)
    ))


def start_application(round_: AwardRound, applicant: User, data: ApplicationData) -> AwardApplication:
    if not may_apply(applicant):
        raise AwardError(_l("Verify your e-mail address before applying."))
    require_accepting(round_)
    application = AwardApplication(round_id=round_.id, applicant_id=applicant.id, status=A.DRAFT)
    application.round = round_
    _fill(application, data, applicant)
    return application


def save_draft(application: AwardApplication, data: ApplicationData, applicant: User) -> None:
    """Save changes: a draft stays a draft; a submitted application stays submitted (edited before the
    deadline)."""
    require_changeable(application, applicant)
    _fill(application, data, applicant)


def submit(application: AwardApplication, applicant: User) -> None:
    require_changeable(application, applicant)
    missing = [name for name in REQUIRED_TO_SUBMIT if not getattr(application, name)]
    if missing or not application.goal_numbers:
        raise AwardError(_l("Fill in every required field before submitting."))
    first_time = application.status == A.DRAFT
    application.status = A.SUBMITTED
    application.submitted_at = utcnow()
    if first_time:
        _mail(application, "award_submitted", _l("We have received your award application"))


def withdraw(application: AwardApplication, applicant: User) -> None:
    require_changeable(application, applicant)
    application.status = A.WITHDRAWN


def staff_amend(application: AwardApplication, data: ApplicationData, actor: User, reason: str) -> None:
    """After the deadline only staff change an application, with a reason in the judging log."""
    lifecycle.require(application.round, lifecycle.SCREENING)
    if not reason:
        raise AwardError(_l("Enter the reason for the change."))
    changed = [f.name for f in fields(ApplicationData) if f.name != "partner_id"
               and getattr(ApplicationData.of(application), f.name) != getattr(data, f.name)]
    data.partner_id = application.partner_id
    _fill(application, data, None)
    lifecycle.log(application.round_id, actor, "application.amend", application_id=application.id,
                  detail=f"{', '.join(changed)}: {reason}")


def staff_withdraw(application: AwardApplication, actor: User, reason: str) -> None:
    lifecycle.require(application.round, lifecycle.SCREENING)
    if application.status in (A.DRAFT, A.WITHDRAWN) or not reason:
        raise AwardError(_l("Enter the reason for the change."))
    application.status = A.WITHDRAWN
    lifecycle.log(application.round_id, actor, "application.withdraw", application_id=application.id,
                  detail=reason)


def screen(application: AwardApplication, eligible: bool, reason: str, actor: User) -> None:
    """Eligible, or ineligible with a reason the applicant is told at publication."""
    lifecycle.require(application.round, lifecycle.SCREENING)
    if application.status not in (A.SUBMITTED, A.ELIGIBLE, A.INELIGIBLE):
        raise AwardError(_l("Only submitted applications are screened."))
    if not eligible and not reason:
        raise AwardError(_l("Enter the reason why the application is not eligible."))
    application.status = A.ELIGIBLE if eligible else A.INELIGIBLE
    application.ineligible_reason = "" if eligible else reason
    lifecycle.log(application.round_id, actor, "application.eligible" if eligible else "application.ineligible",
                  application_id=application.id, detail=reason)


def set_redacted_summary(application: AwardApplication, text: str, actor: User) -> None:
    lifecycle.require(application.round, lifecycle.SCREENING)
    application.redacted_summary = text
    lifecycle.log(application.round_id, actor, "application.redact", application_id=application.id)


def require_changeable(application: AwardApplication, applicant: User) -> None:
    if application.applicant_id != applicant.id:
        raise AwardError(_l("This is not your application."))
    if application.status not in APPLICANT_EDITABLE:
        raise AwardError(_l("This application can no longer be changed."))
    require_accepting(application.round)


def _fill(application: AwardApplication, data: ApplicationData, applicant: User | None) -> None:
    for name in ("title", "category_id", "summary", "description", "group_name", "contact_name", "contact_email",
                 "contact_phone", "publish_name"):
        setattr(application, name, getattr(data, name))
    if data.category_id not in {category.id for category in application.round.categories}:
        application.category_id = None
    application.goals = ",".join(str(goal) for goal in sorted(set(data.goals or ())) if 1 <= goal <= 17)
    if applicant is not None:
        partner = data.partner_id and _partner_of(applicant, data.partner_id)
        application.partner_id = partner.id if partner else None


def _partner_of(user: User, partner_id: int) -> Partner | None:
    from partners.extensions import db

    partner = db.session.get(Partner, partner_id)
    return partner if partner is not None and is_contact(user, partner) else None


def mail_about(application: AwardApplication) -> str:
    return f"award-application:{application.id}"


def _mail(application: AwardApplication, template: str, subject, **context) -> None:
    applicant = application.applicant
    if applicant is None:  # the account was deleted: its applications were erased with it
        return
    queue_mail(template, applicant.email, applicant.locale, subject, about=mail_about(application),
               application=application, round=application.round,
               recipient_name=applicant.name,
               application_url=url_for("awards_apply.show", application_id=application.id, _external=True),
               **context)
