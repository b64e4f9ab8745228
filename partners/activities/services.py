"""Activity reports (取組報告): who may report for which partner, saving a report with its photo, what is public,
and erasure when a partner's personal data goes (DESIGN.md: activity reports are erased with the rest; the
date, kind, goals and number of people stay for the anonymous KPI counts)."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from partners.accounts.models import Role, User
from partners.activities.models import ActivityKind, ActivityPhoto, ActivityReport, ReportSource
from partners.audit.services import record
from partners.core.images import image_type
from partners.extensions import db
from partners.members.lifecycle import partner_anonymising
from partners.members.models import Partner, PartnerContact, PartnerStatus, Visibility

KIND_LABELS = {
    ActivityKind.VOLUNTEER: _l("Volunteering"),
    ActivityKind.EVENT: _l("Taking part in an event"),
    ActivityKind.PROJECT: _l("Own project"),
    ActivityKind.COLLABORATION: _l("Collaboration with other partners"),
    ActivityKind.OTHER: _l("Other"),
}
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PAGE_SIZE = 50


class ReportError(Exception):
    """A report cannot be saved as it is; the message is already in the user's language."""


@dataclass
class ReportData:
    activity_date: date
    title: str
    kind: ActivityKind
    goals: list[int] = field(default_factory=list)
    participants: int | None = None
    description: str = ""
    other_partners: str = ""
    is_public: bool = False


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[ActivityKind(kind)])


def check_photo(raw: bytes) -> str:
    if len(raw) > MAX_PHOTO_BYTES:
        raise ReportError(_l("The photo is larger than 5 MB."))
    content_type = image_type(raw)
    if content_type is None:
        raise ReportError(_l("The photo must be a JPEG, PNG, GIF or WebP image."))
    return content_type


def reporting_partners(user: User) -> list[Partner]:
    """The active partners `user` reports for: the individual they are, the groups they are a contact of."""
    return list(db.session.scalars(
        select(Partner).join(PartnerContact)
        .where(PartnerContact.user_id == user.id, Partner.status == PartnerStatus.ACTIVE).order_by(Partner.id)
    ))


def may_report(user: User, partner: Partner) -> bool:
    """A partner's contacts report for it while it is active; staff for any partner that is not withdrawn."""
    if partner.status == PartnerStatus.WITHDRAWN or partner.anonymised_at is not None:
        return False
    if user.has_role(Role.STAFF):
        return True
    return partner.status == PartnerStatus.ACTIVE and any(c.user_id == user.id for c in partner.contacts)


def may_see(user: User, report: ActivityReport) -> bool:
    """Everyone sees a public report of an active partner; the partner's contacts and staff see every report."""
    if is_published(report):
        return True
    if not user.is_authenticated:
        return False
    return user.has_role(Role.STAFF) or any(c.user_id == user.id for c in report.partner.contacts)


def is_published(report: ActivityReport) -> bool:
    """A report the partner made public, of an active partner whose listing and activities are public."""
    return report.is_public and shows_reports(report.partner)


# What makes a report public, as a query (`is_published` says it of one report): the report is marked public and
# its partner shows its reports.
PUBLISHED = (ActivityReport.is_public.is_(True), Partner.status == PartnerStatus.ACTIVE,
             Partner.visibility_listing == Visibility.PUBLIC, Partner.visibility_activities == Visibility.PUBLIC)


def shows_reports(partner: Partner) -> bool:
    """Visitors see a partner's public reports while it is active and its listing and activities are public."""
    return (partner.status == PartnerStatus.ACTIVE and partner.visibility_listing == Visibility.PUBLIC
            and partner.visibility_activities == Visibility.PUBLIC)


def save_report(partner: Partner, data: ReportData, actor: User | None, source: ReportSource,
                photo: bytes | None = None, report: ActivityReport | None = None) -> ActivityReport:
    """Create a report (or change `report`) for `partner`; a photo given replaces the report's photo."""
    content_type = check_photo(photo) if photo else None
    if report is None:
        report = ActivityReport(partner_id=partner.id, source=source, reported_by_id=actor.id if actor else None)
        db.session.add(report)
    report.activity_date, report.title, report.kind = data.activity_date, data.title, data.kind
    report.goals = data.goals
    report.participants, report.description = data.participants, data.description
    report.other_partners, report.is_public = data.other_partners, data.is_public
    if photo:
        report.photo = ActivityPhoto(content_type=content_type, size=len(photo), data=photo)
    db.session.flush()
    record(actor, "activity.save", "partner", partner.id, detail=f"report={report.id}")
    return report


def delete_report(report: ActivityReport, actor: User) -> None:
    record(actor, "activity.delete", "partner", report.partner_id, detail=f"report={report.id}")
    db.session.delete(report)


def reports_of(partner_id: int, public_only: bool = False, limit: int | None = None) -> list[ActivityReport]:
    """A partner's reports, newest first (the first `limit`, if given); only the published ones for the public
    profile."""
    query = select(ActivityReport).where(ActivityReport.partner_id == partner_id)
    if public_only:
        query = query.join(Partner).where(*PUBLISHED)
    query = query.order_by(ActivityReport.activity_date.desc(), ActivityReport.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def published(page: int, size: int) -> tuple[list[ActivityReport], bool]:
    """Every partner's published reports (the rule of a partner's public page), newest activity first, a page
    at a time, with partners, goals and photos (three queries); and whether there is a next page."""
    rows = list(db.session.scalars(
        select(ActivityReport).join(Partner).where(*PUBLISHED).options(contains_eager(ActivityReport.partner))
        .order_by(ActivityReport.activity_date.desc(), ActivityReport.id.desc()).offset((page - 1) * size)
        .limit(size + 1)
    ))
    return rows[:size], len(rows) > size


def latest_published(limit: int) -> list[ActivityReport]:
    """The newest published reports with their partners, for a summary (title, partner, date); one query."""
    return list(db.session.scalars(
        select(ActivityReport).join(Partner).where(*PUBLISHED)
        .options(contains_eager(ActivityReport.partner).lazyload("*"), lazyload(ActivityReport.goal_links),
                 lazyload(ActivityReport.photo))
        .order_by(ActivityReport.activity_date.desc(), ActivityReport.id.desc()).limit(limit)
    ))


def recent_reports(page: int) -> tuple[list[ActivityReport], int]:
    """Every report, newest activity first, a page at a time, with the partner loaded; and the total."""
    total = db.session.scalar(select(func.count(ActivityReport.id)))
    reports = db.session.scalars(
        select(ActivityReport).options(joinedload(ActivityReport.partner))
        .order_by(ActivityReport.activity_date.desc(), ActivityReport.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return list(reports), total


def partner_by_member_no(member_no: str) -> Partner | None:
    return db.session.scalar(select(Partner).where(Partner.member_no == member_no))


@partner_anonymising.connect
def erase_reports(partner: Partner) -> None:
    """The reports' words and photos go; their date, kind, goals and number of people stay for the counts."""
    for report in db.session.scalars(select(ActivityReport).where(ActivityReport.partner_id == partner.id)):
        report.title, report.description, report.other_partners = "", "", ""
        report.is_public = False
        report.photo = None
