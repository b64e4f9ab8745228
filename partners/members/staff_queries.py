"""The staff member list: filters, search and sorting in one query per page."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select

from partners.extensions import db
from partners.members.models import Partner, PartnerGoal
from partners.members.search import index_scans_only, matched_sections, matching_partner_ids


@dataclass
class PartnerFilters:
    q: str = ""
    kind: str = ""
    status: str = ""
    area: str = ""
    goal: int | None = None
    group_type: str = ""
    joined_from: date | None = None
    joined_to: date | None = None
    sort: str = "kana"


def filtered_partners(filters: PartnerFilters) -> Select:
    query = select(Partner)
    for column, value in ((Partner.kind, filters.kind), (Partner.status, filters.status),
                          (Partner.area, filters.area), (Partner.group_type, filters.group_type)):
        if value:
            query = query.where(column == value)
    if filters.goal:
        query = query.where(Partner.id.in_(select(PartnerGoal.partner_id).where(PartnerGoal.goal == filters.goal)))
    if filters.joined_from:
        query = query.where(Partner.joined_on >= filters.joined_from)
    if filters.joined_to:
        query = query.where(Partner.joined_on <= filters.joined_to)
    matches = matching_partner_ids(filters.q) if filters.q else None
    if matches is not None:
        query = query.where(Partner.id.in_(matches))
    if filters.sort == "joined":
        return query.order_by(Partner.joined_on.desc().nulls_last(), Partner.id.desc())
    if filters.sort == "applied_newest":
        return query.order_by(Partner.applied_at.desc(), Partner.id.desc())
    if filters.sort == "applied_oldest":
        return query.order_by(Partner.applied_at, Partner.id)
    return query.order_by(Partner.kana_sort_key, Partner.id)


@dataclass
class Page:
    items: list[Partner]
    total: int
    page: int
    per_page: int
    matched: dict[int, list[str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(query: Select, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


def search_page(filters: PartnerFilters, page: int, per_page: int) -> Page:
    """One page of the staff list; for a search, also which sections of each listed partner matched (one more
    query, whatever the page's length)."""
    with index_scans_only():
        result = page_of(filtered_partners(filters), page, per_page)
    if filters.q:
        result.matched = matched_sections(filters.q, result.items)
    return result
