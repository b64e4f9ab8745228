"""The staff member list: filters, search and sorting in one query per page."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from partners.extensions import db
from partners.members.models import Partner, PartnerGoal
from partners.members.search import matching_partner_ids


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
    return query.order_by(Partner.kana_sort_key, Partner.id)


@dataclass
class Page:
    items: list[Partner]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(query: Select, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)
