"""The member list's search: which active partners a visitor may see, filtered, in 50音 or newest order.

Counting and paging go through the one search index (partners/members/search.py): with a keyword, the index's
terms answer the keyword and every filter at once; without one, the index rows' own columns do (an index on
who may see the partner and the sort key gives the first page without sorting the whole list). Either way a
page is three statements: the count, the page's ids, the partners (and their goals, eager-loaded)."""

from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import load_only, selectinload

from partners.core.text import fold_for_search
from partners.extensions import db
from partners.members.models import Partner, PartnerSearchDoc
from partners.members.search import condition, count_matching, index_scans_only, keyword_in
from partners.members.search_query import And, Or, Term
from partners.members.search_tokens import area_term, goal_term, group_type_term, kind_term, listed_term

PUBLIC, PARTNERS = 2, 1  # PartnerSearchDoc.audience: who is looking
AUDIENCE_NAMES = {PUBLIC: "public", PARTNERS: "partners"}
PUBLIC_SECTIONS = ("listing", "activities", "offers_needs")  # never the contact details
SORTS = ("kana", "newest")
# What a card, a download or the API shows (or needs to decide what to show): the rest stays unread.
LISTED_COLUMNS = (Partner.kind, Partner.status, Partner.member_no, Partner.name, Partner.name_kana, Partner.area,
                  Partner.group_type, Partner.website, Partner.activities, Partner.offers, Partner.needs,
                  Partner.visibility_listing, Partner.visibility_activities, Partner.visibility_offers_needs,
                  Partner.visibility_contact)


@dataclass
class DirectoryFilters:
    q: str = ""
    goals: list[int] = field(default_factory=list)
    all_goals: bool = False  # every goal listed, rather than any of them
    kind: str = ""
    group_type: str = ""
    area: str = ""
    sort: str = "kana"


@dataclass
class DirectoryPage:
    items: list[Partner]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(filters: DirectoryFilters, audience: int, page: int, per_page: int) -> DirectoryPage:
    """One page of the member list as `audience` (PUBLIC, or PARTNERS for signed-in partners) may see it."""
    folded = fold_for_search(filters.q)
    expression = index_expression(filters, folded, audience)
    with index_scans_only():
        total = count_matching(expression)
        if folded:
            ids_query = select(PartnerSearchDoc.partner_id).where(condition(expression))
        else:  # the index on (audience, sort key) walks the list in order; no term needs checking
            ids_query = select(PartnerSearchDoc.partner_id).where(*column_conditions(filters, audience))
        ids = list(db.session.scalars(ordered(ids_query, filters.sort).limit(per_page)
                                      .offset((page - 1) * per_page)))
    return DirectoryPage(load_in_order(ids), total, page, per_page)


def all_ids(filters: DirectoryFilters, audience: int) -> Select:
    """The ids of every partner of the search, in its order (for a download)."""
    folded = fold_for_search(filters.q)
    if folded:
        query = select(PartnerSearchDoc.partner_id).where(condition(index_expression(filters, folded, audience)))
    else:
        query = select(PartnerSearchDoc.partner_id).where(*column_conditions(filters, audience))
    return ordered(query, filters.sort)


def index_expression(filters: DirectoryFilters, folded: str, audience: int) -> And:
    """Listed to this audience; the keyword (if any) in the listing (name, reading, district…), or in
    activities or offers/needs where the partner lets this audience read them; and every filter."""
    name = AUDIENCE_NAMES[audience]
    parts = [Term(listed_term(name))]
    if folded:
        parts.append(keyword_in(folded, PUBLIC_SECTIONS, name))
    if filters.kind:
        parts.append(Term(kind_term(filters.kind)))
    if filters.area:
        parts.append(Term(area_term(filters.area)))
    if filters.group_type:
        parts.append(Term(group_type_term(filters.group_type)))
    if filters.goals:
        goals = [Term(goal_term(goal)) for goal in filters.goals]
        parts.append(And(goals) if filters.all_goals else Or(goals))
    return And(parts)


def column_conditions(filters: DirectoryFilters, audience: int) -> list:
    doc = PartnerSearchDoc
    conditions = [doc.audience == PUBLIC] if audience == PUBLIC else [doc.audience.in_([PARTNERS, PUBLIC])]
    for column, value in ((doc.kind, filters.kind), (doc.area, filters.area), (doc.group_type, filters.group_type)):
        if value:
            conditions.append(column == value)
    if filters.goals:
        mask = sum(1 << goal for goal in filters.goals)
        chosen = doc.goal_mask.op("&")(mask)
        conditions.append(chosen == mask if filters.all_goals else chosen != 0)
    return conditions


def ordered(query: Select, sort: str) -> Select:
    doc = PartnerSearchDoc
    if sort == "newest":
        return query.order_by(doc.joined_on.desc().nulls_last(), doc.partner_id.desc())
    return query.order_by(doc.sort_kana, doc.partner_id)


def load_in_order(ids: list[int]) -> list[Partner]:
    if not ids:
        return []
    query = select(Partner).where(Partner.id.in_(ids)).options(load_only(*LISTED_COLUMNS),
                                                                selectinload(Partner.goal_links))
    found = {partner.id: partner for partner in db.session.scalars(query)}
    return [found[partner_id] for partner_id in ids if partner_id in found]

