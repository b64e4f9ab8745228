"""Counts of collaborations for the KPI and reports: one question per function, one query each."""

from datetime import datetime

from sqlalchemy import func, select

from partners.events.stats import fiscal_year_bounds
from partners.extensions import db
from partners.portal.models import Collaboration, CollaborationStatus


def collaborations_started(year: int, until: datetime | None = None) -> int:
    """Collaborations (requests accepted) in fiscal year `year` (年度, by the day the request was accepted,
    Asia/Tokyo), up to `until` when given. Erasing a partner blanks the request's text but keeps the row, so the
    count stays."""
    start, end = fiscal_year_bounds(year)
    end = min(end, until) if until is not None else end
    return db.session.scalar(select(func.count(Collaboration.id)).where(
        Collaboration.status == CollaborationStatus.ACCEPTED, Collaboration.answered_at >= start,
        Collaboration.answered_at < end))
