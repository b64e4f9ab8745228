"""What waits for staff: the questions the staff home page answers, one query each."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from partners.accounts.models import User
from partners.audit.models import AuditEntry
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus


def count_awaiting_review() -> int:
    """Applications of either kind in status `applied` now: new ones and those resubmitted after changes were
    requested. Individuals among them may also be certified by attending a lecture."""
    return db.session.scalar(select(func.count(Partner.id)).where(Partner.status == PartnerStatus.APPLIED))


def oldest_awaiting_review() -> datetime | None:
    """The application time (`applied_at`, UTC) of the longest-waiting partner in status `applied`; None when
    none waits. Pages show it in Asia/Tokyo."""
    return db.session.scalar(select(func.min(Partner.applied_at)).where(Partner.status == PartnerStatus.APPLIED))


def count_changes_requested() -> int:
    """Applications sent back to the applicant (status `changes_requested`) and not yet resubmitted."""
    return db.session.scalar(
        select(func.count(Partner.id)).where(Partner.status == PartnerStatus.CHANGES_REQUESTED)
    )


@dataclass
class ImportRun:
    at: datetime
    by: str | None
    created: int
    updated: int


def recent_imports(limit: int = 5) -> list[ImportRun]:
    """The latest CSV imports that saved something (dry runs and refused files are not recorded), newest first,
    from the audit log: when, by whom (None once the account is gone) and how many partners were added and
    updated."""
    rows = db.session.execute(
        select(AuditEntry.at, User.name, AuditEntry.detail)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.action == "partner.import")
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()
    return [ImportRun(at, name, **import_counts(detail)) for at, name, detail in rows]


def import_counts(detail: str | None) -> dict[str, int]:
    """The counts csv_io records as `created=N updated=M`."""
    counts = dict(part.split("=", 1) for part in (detail or "").split() if "=" in part)
    return {"created": int(counts.get("created", 0)), "updated": int(counts.get("updated", 0))}
