"""The member list's search: which active partners a visitor may see, filtered, in 50音 or newest order.

Counting and paging go through the one search index (partners/members/search.py): its keyword index (GIN on
PostgreSQL, FTS5 on SQLite) and its rows' own columns, with indexes for both sort orders and for the filters.
A page is three statements: the count, the page's ids, the partners (their goals from the index's goal mask)."""

from dataclasses import dataclass, field, fields

from sqlalchemy import Select, func, select

from partners.core.text import fold_for_search
from partners.extensions import db
from partners.members.models import Partner, PartnerKind, PartnerSearchDoc, PartnerStatus, Visibility
from partners.members.search import condition, goal_mask, goals_of, ids_matching, index_scans_only, keyword_in
from partners.members.search_query import And, Or, Term
from partners.members.search_tokens import area_term, goal_term, group_type_term, kind_term, listed_term

PUBLIC, PARTNERS = 2, 1  # PartnerSearchDoc.audience: who is looking
AUDIENCE_NAMES = {PUBLIC: "public", PARTNERS: "partners"}
PUBLIC_SECTIONS = ("listing", "activities", "offers_needs")  # never the contact details
SORTS = ("kana", "newest")


@dataclass
class DirectoryFilters:
    q: str = ""
    goals: list[int] = field(default_factory=list)
    all_goals: bool = False  # every goal listed, rather than any of them
    kind: str = ""
    group_type: str = ""
    area: str = ""
    sort: str = "kana"


@dataclass(slots=True, frozen=True)
class ListedPartner:
    """A partner as the member list, its downloads and the API show it (the attributes of Partner they read),
    read as one plain row with its goals taken from the search index's goal mask: loading the page's 50
    partners as ORM objects with their goal links was a third of a search's CPU (7–9 ms at 100,000 partners)."""

    id: int
    kind: PartnerKind
    status: PartnerStatus
    member_no: str | None
    name: str
    name_kana: str
    area: str | None
    group_type: str | None
    website: str | None
    activities: str | None
    offers: str | None
    needs: str | None
    visibility_listing: Visibility
    visibility_activities: Visibility
    visibility_offers_needs: Visibility
    visibility_contact: Visibility
    goals: list[int]

    def visibility(self, section: str) -> Visibility:
        return getattr(self, f"visibility_{section}")


@dataclass
class DirectoryPage:
    items: list[ListedPartner]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# A page is found one of two ways. Walking the sort order's index and checking each row passed (its filter
# columns in the index, its text for a keyword) costs the rows passed: about (offset + page) × partners /
# matches where matches are spread evenly. Collecting every match (GIN or FTS5) and sorting costs the matches.
# Without a keyword, and on SQLite (where FTS5 counts the matches without reading a row, but collecting them
# reads each row for its sort key), the count decides: a common keyword (田: a third of all partners) is
# walked, a rare one collected. Matches are not always spread evenly (たなか is in the reading of many names,
# which sort together), so a walk for a keyword reads the rows of at most WALK_LIMIT partners the filters let
# through and the matches are collected when it found too few. PostgreSQL decides the same way: its GIN index
# answers the keyword and the filters' terms together (models.search_terms), so the count reads only the
# matching rows (a bitmap scan reads each of them: GIN cannot count alone, and PostgreSQL 15.20 no longer
# skips a bitmap's all-visible pages), and a common keyword's page is walked from there, where collecting it
# sorted all its matches: 田 (32,010 of 100,000 partners) took 38 ms of the server's CPU as one statement that
# collected and counted the matches, and takes 21 ms counted (20), then walked (1).
WALK_LIMIT = 2000
# Without a keyword a walk reads the sort index alone (an index-only scan: the filter columns are in it), an
# entry costing a small fraction of a row read for its text, so it may pass INDEX_WALK_FACTOR times as many:
# filters that keep 2,691 of 100,000 partners (goals 1 and 17) were collected through the rows (12,000 pages,
# 30 ms), and are walked through 1,900 index entries (under a millisecond).
INDEX_WALK_FACTOR = 50


# PostgreSQL: a keyword the planner expects in at most COLLECT_AT_ONCE partners has its matches counted and its
# page collected in one statement, which reads each match's row once. A walk suits matches spread through the
# sort order, but a name's are not: 佐藤 (5,963 partners, all read さとう…) was counted (9 ms), walked in vain
# through 2,000 partners (5 ms) and collected (9 ms) — a 2-character search's p95 of 39–44 ms at 100,000
# partners; now 16 ms. A common keyword (田: 32,010) is still counted, then walked: collecting it sorts all its
# matches. So is a longer keyword without filters: its rows are read for the text (no index term holds 3
# characters), and counting, then walking, took 2–3 ms less than collecting its 7,000 matches.
COLLECT_AT_ONCE = 12_000


def collect_at_once(filters: DirectoryFilters, folded: str, audience: int) -> bool:
    filtered = bool(filters.goals or filters.kind or filters.area or filters.group_type)
    return (bool(folded) and postgres() and (len(folded) <= 2 or filtered)
            and expected_matches(filters, folded, audience) <= COLLECT_AT_ONCE)


def search(filters: DirectoryFilters, audience: int, page: int, per_page: int) -> DirectoryPage:
    """One page of the member list as `audience` (PUBLIC, or PARTNERS for signed-in partners) may see it:
    three statements (the count, the page's ids, the partners with their goals; a fourth when a walk found
    too few and the matches are collected; on PostgreSQL, for a keyword expected in few partners
    (`collect_at_once`), the planner's estimate, the count with the page's ids, and the partners), none of them
    a scan."""
    folded = fold_for_search(filters.q)
    offset = (page - 1) * per_page
    with index_scans_only():
        if collect_at_once(filters, folded, audience):
            total, ids = counted_and_collected(filters, folded, audience, offset, per_page)
            return DirectoryPage(load_in_order(ids), total, page, per_page)
        total, size = db.session.execute(count_statement(filters, folded, audience)).one()
        ids, wanted, limit = [], min(per_page, total - offset), WALK_LIMIT * (1 if folded else INDEX_WALK_FACTOR)
        if wanted > 0 and (offset + per_page) * (size or 0) <= limit * total // 2:
            walk = walked(filters, folded, audience, WALK_LIMIT if folded else None)
            ids = list(db.session.scalars(walk.limit(per_page).offset(offset)))
        if len(ids) < wanted:
            query = collected(filters, folded, audience)
            ids = list(db.session.scalars(query.limit(per_page).offset(offset)))
    return DirectoryPage(load_in_order(ids), total, page, per_page)


def all_ids(filters: DirectoryFilters, audience: int) -> Select:
    """The ids of every partner of the search, in its order (for a download)."""
    folded = fold_for_search(filters.q)
    return collected(filters, folded, audience) if folded else walked(filters, folded, audience)


def postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def count_statement(filters: DirectoryFilters, folded: str, audience: int) -> Select:
    """How many partners the search finds, and an upper bound of how many the index holds (the highest id: no
    count) to weigh walking against collecting. With a keyword, the keyword's index finds the matches with the
    filters' terms (on PostgreSQL the audience is then the rows' own column: asked for a term nearly every
    partner has, "listed to the public", GIN reads 91,000 postings, 2.4 ms more for 田 with goal 13). Without
    one, the index of the filter columns answers alone."""
    size = select(func.max(PartnerSearchDoc.partner_id)).correlate(None).scalar_subquery()
    if folded and not postgres():
        matches = ids_matching(index_expression(filters, folded, audience)).subquery()
        return select(select(func.count()).select_from(matches).scalar_subquery(), size)
    return select(func.count(), size).select_from(PartnerSearchDoc).where(*matching(filters, folded, audience))


def matching(filters: DirectoryFilters, folded: str, audience: int) -> list:
    """The search as conditions the indexes answer: the keyword's and the filters' terms (GIN, or FTS5 with the
    audience's term too), or without a keyword the filter columns'."""
    if not folded:
        return column_conditions(filters, audience)
    if postgres():
        return [index_expression(filters, folded, audience, listed=False).postgres(), *audience_conditions(audience)]
    return [condition(index_expression(filters, folded, audience))]


def walked(filters: DirectoryFilters, folded: str, audience: int, rows: int | None = None) -> Select:
    """The search in sort order, as the sort index passes it with the filters checked in the index. With a
    keyword, the walk reads the rows of the first `rows` partners the filters let through (found in the index
    alone, in order) and checks the keyword in their text: PostgreSQL cannot check a filter in the index before
    it reads a row (but in an index-only scan), so a walk bounded by a sort position read every row up to it,
    12,000 to find 50 partners with 田 and goal 13 among 100,000."""
    conditions = column_conditions(filters, audience, walk=True)
    if not folded:
        return ordered(select(PartnerSearchDoc.partner_id).where(*conditions), filters.sort)
    passed = ordered(select(*sort_key(filters.sort)).where(*conditions), filters.sort).limit(rows).subquery("passed")
    query = (select(passed.c.partner_id).select_from(passed)
             .join(PartnerSearchDoc, PartnerSearchDoc.partner_id == passed.c.partner_id)
             .where(keyword_in(folded, PUBLIC_SECTIONS, AUDIENCE_NAMES[audience]).in_text()))
    if filters.sort == "newest":
        return query.order_by(*(column.desc() for column in passed.c))
    return query.order_by(*passed.c)


def sort_key(sort: str) -> tuple:
    doc = PartnerSearchDoc
    return (doc.joined_on, doc.partner_id) if sort == "newest" else (doc.sort_kana, doc.partner_id)


def collected(filters: DirectoryFilters, folded: str, audience: int, counted: bool = False) -> Select:
    """The search's matches collected through the indexes first, then sorted (MATERIALIZED keeps either
    database from walking the sort index instead); `counted`: each row also says how many matched."""
    doc = PartnerSearchDoc
    found = (select(doc.partner_id, doc.sort_kana, doc.joined_on).where(*matching(filters, folded, audience))
             .cte("found").prefix_with("MATERIALIZED"))
    query = select(found.c.partner_id)
    if counted:
        query = query.add_columns(select(func.count()).select_from(found).scalar_subquery())
    if filters.sort == "newest":
        return query.order_by(found.c.joined_on.desc(), found.c.partner_id.desc())
    return query.order_by(found.c.sort_kana, found.c.partner_id)


def expected_matches(filters: DirectoryFilters, folded: str, audience: int) -> float:
    """How many partners PostgreSQL's planner expects the search to find (from the statistics it keeps of the
    index's most common terms), without running it."""
    statement = select(PartnerSearchDoc.partner_id).where(*matching(filters, folded, audience))
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar_one()
    return plan[0]["Plan"]["Plan Rows"]


def counted_and_collected(filters: DirectoryFilters, folded: str, audience: int, offset: int,
                          per_page: int) -> tuple[int, list[int]]:
    """The number of matches and the ids of one page of them, in one statement (a page past the last one
    needs a second, to count)."""
    rows = db.session.execute(collected(filters, folded, audience, counted=True).limit(per_page).offset(offset)).all()
    if rows:
        return rows[0][1], [partner_id for partner_id, _total in rows]
    return db.session.execute(count_statement(filters, folded, audience)).one()[0], []


def index_expression(filters: DirectoryFilters, folded: str, audience: int, listed: bool = True) -> And:
    """The whole search as index terms: listed to this audience (unless `listed` is False: PostgreSQL checks
    the audience column); the keyword (if any) in the listing (name, reading, district…), or in activities or
    offers/needs where the partner lets this audience read them; and every filter."""
    name = AUDIENCE_NAMES[audience]
    parts = [Term(listed_term(name))] if listed else []
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


def column_conditions(filters: DirectoryFilters, audience: int, walk: bool = False) -> list:
    """The filters as conditions on the index row's columns. `walk`: for a walk of a sort index, written so
    that no index can answer them (`audience + 0`, `kind || ''`): SQLite, which gathers no statistics by
    itself, otherwise took the filters' index and sorted 100,000 rows for a page, and PostgreSQL, misjudging
    how many partners have some goals, took it for a kind and a group type and read 3,245 rows (14 ms) where
    the walk reads 1,000 entries of the sort index alone."""
    doc = PartnerSearchDoc
    conditions = audience_conditions(audience, walk)
    for column, value in ((doc.kind, filters.kind), (doc.area, filters.area), (doc.group_type, filters.group_type)):
        if value:
            conditions.append((column.concat("") if walk else column) == value)
    if filters.goals:
        mask = goal_mask(filters.goals)
        chosen = doc.goal_mask.op("&")(mask)
        conditions.append(chosen == mask if filters.all_goals else chosen != 0)
    return conditions


def audience_conditions(audience: int, walk: bool = False) -> list:
    seen_by = PartnerSearchDoc.audience + 0 if walk else PartnerSearchDoc.audience
    return [seen_by == PUBLIC] if audience == PUBLIC else [seen_by.in_([PARTNERS, PUBLIC])]


def ordered(query: Select, sort: str) -> Select:
    doc = PartnerSearchDoc
    if sort == "newest":
        return query.order_by(doc.joined_on.desc(), doc.partner_id.desc())
    return query.order_by(doc.sort_kana, doc.partner_id)


# What a card, a download or the API shows (or needs to decide what to show): the rest stays unread.
LISTED_COLUMNS = tuple(getattr(Partner, column.name) for column in fields(ListedPartner) if column.name != "goals")


def load_in_order(ids: list[int]) -> list[ListedPartner]:
    if not ids:
        return []
    query = (select(*LISTED_COLUMNS, PartnerSearchDoc.goal_mask)
             .join(PartnerSearchDoc, PartnerSearchDoc.partner_id == Partner.id).where(Partner.id.in_(ids)))
    found = {row.id: ListedPartner(*row[:-1], goals=goals_of(row.goal_mask)) for row in db.session.execute(query)}
    return [found[partner_id] for partner_id in ids if partner_id in found]
