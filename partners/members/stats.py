"""Counts for the dashboard and the KPI: who was an active partner on a given day."""

from datetime import date, timedelta

from sqlalchemy import Select, func, select

from partners.core.timeutil import start_of_local_day
from partners.extensions import db
from partners.members.models import Partner, PartnerKind, PartnerStatus, PartnerStatusChange


def count_active(kind: PartnerKind, on: date) -> int:
    """Partners of `kind` active at the end of day `on` (see `active_partners`)."""
    active = active_partners(on).subquery()
    return db.session.scalar(select(func.count()).select_from(active).where(active.c.kind == kind))


def active_partners(on: date) -> Select:
    """The id and kind of every partner active at the end of day `on` (Asia/Tokyo): certified or approved on or
    before that day, and their latest status change by then left them active (not suspended or withdrawn)."""
    end = start_of_local_day(on + timedelta(days=1))
    latest = (
        select(PartnerStatusChange.partner_id, func.max(PartnerStatusChange.id).label("last_id"))
        .where(PartnerStatusChange.at < end)
        .group_by(PartnerStatusChange.partner_id)
        .subquery()
    )
    return (
        select(Partner.id, Partner.kind)
        .join(latest, latest.c.partner_id == Partner.id)
        .join(PartnerStatusChange, PartnerStatusChange.id == latest.c.last_id)
        .where(Partner.joined_on <= on, PartnerStatusChange.to_status == PartnerStatus.ACTIVE)
    )
