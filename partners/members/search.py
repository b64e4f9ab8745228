"""The partner search index and the queries that use it (DESIGN.md, Japanese text rules).

One row per partner (`PartnerSearchDoc`): the folded text of each profile section, the facets a directory search
filters on, and the sort keys. Its terms (search_tokens.py says which, and why) live in a GIN-indexed text[]
column on PostgreSQL, and on SQLite in the FTS5 table `partner_search_fts`, which triggers keep in step with the
documents (a deleted partner's terms go with its document, whatever deletes it). Writes are batched: an import
of 100,000 partners reads the stored documents in chunks and writes only the ones that changed.
"""

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import date

from sqlalchemy import DDL, Select, delete, event, literal_column, select, text
from sqlalchemy.engine import Engine

from partners.core.sdgs import GOALS
from partners.core.text import fold_for_search, kana_sort_key
from partners.extensions import db
from partners.members import search_query
from partners.members.bulk import insert_rows
from partners.members.models import Partner, PartnerSearchDoc, PartnerStatus, Visibility
from partners.members.search_tokens import facet_terms, fts_document, letters, pg_document

SECTION_FIELDS = {
    "listing": ("name", "name_kana", "member_no", "area", "group_type"),
    "activities": ("activities",),
    "offers_needs": ("offers", "needs"),
    "contact": ("email", "phone", "website", "representative", "address"),
}
CHUNK = 500
# The join date of a partner who has none yet, last in "newest" order: a date, not NULL, so that the order is the
# plain descending one an index gives on both engines (SQLite cannot make an index NULLS LAST).
NOT_JOINED = date(1, 1, 1)
AUDIENCE = {Visibility.PUBLIC: 2, Visibility.PARTNERS: 1, Visibility.PRIVATE: 0}
DOC_FIELDS = ("sort_kana", "joined_on", "audience", "kind", "area", "group_type", "goal_mask",
              *SECTION_FIELDS, "activities_visibility", "offers_needs_visibility", "facets")

# SQLite: the FTS5 index of the documents' terms, written by triggers through a function registered on each
# connection. Contentless (content=''): the terms are not stored twice; a 'delete' recomputes them.
FTS_TABLE = "partner_search_fts"
SQLITE_DDL = [
    "DROP TABLE IF EXISTS partner_search_fts",
    "CREATE VIRTUAL TABLE partner_search_fts USING fts5(terms, content='', tokenize='ascii', detail='full')",
    """CREATE TRIGGER partner_search_docs_ai AFTER INSERT ON partner_search_docs BEGIN
        INSERT INTO partner_search_fts(rowid, terms) VALUES (new.partner_id, partner_search_document(
            new.listing, new.activities, new.offers_needs, new.contact, new.activities_visibility,
            new.offers_needs_visibility, new.facets)); END""",
    """CREATE TRIGGER partner_search_docs_ad AFTER DELETE ON partner_search_docs BEGIN
        INSERT INTO partner_search_fts(partner_search_fts, rowid, terms) VALUES ('delete', old.partner_id,
            partner_search_document(old.listing, old.activities, old.offers_needs, old.contact,
                                    old.activities_visibility, old.offers_needs_visibility, old.facets)); END""",
    """CREATE TRIGGER partner_search_docs_au AFTER UPDATE ON partner_search_docs BEGIN
        INSERT INTO partner_search_fts(partner_search_fts, rowid, terms) VALUES ('delete', old.partner_id,
            partner_search_document(old.listing, old.activities, old.offers_needs, old.contact,
                                    old.activities_visibility, old.offers_needs_visibility, old.facets));
        INSERT INTO partner_search_fts(rowid, terms) VALUES (new.partner_id, partner_search_document(
            new.listing, new.activities, new.offers_needs, new.contact, new.activities_visibility,
            new.offers_needs_visibility, new.facets)); END""",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS partner_search_fts"]
# PostgreSQL: the terms (a few kB a partner) go to TOAST storage, so the rows a search reads stay narrow; GIN's
# `@>` needs no recheck, so the terms themselves are never read back by a search.
POSTGRES_DDL = ["ALTER TABLE partner_search_docs ALTER COLUMN tokens SET STORAGE EXTERNAL"]


def _sqlite_document(listing, activities, offers_needs, contact, activities_level, offers_needs_level,
                     facets) -> str:
    texts = {"listing": listing or "", "activities": activities or "", "offers_needs": offers_needs or "",
             "contact": contact or ""}
    return fts_document(texts, {"activities": activities_level, "offers_needs": offers_needs_level}, facets or "")


@event.listens_for(Engine, "connect")
def register_sqlite_function(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("partner_search_document", 7, _sqlite_document, deterministic=True)


for statement in SQLITE_DDL:
    event.listen(PartnerSearchDoc.__table__, "after_create", DDL(statement).execute_if(dialect="sqlite"))
for statement in POSTGRES_DDL:
    event.listen(PartnerSearchDoc.__table__, "after_create", DDL(statement).execute_if(dialect="postgresql"))
for statement in SQLITE_DROP:
    event.listen(PartnerSearchDoc.__table__, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


def section_text(partner: Partner, section: str) -> str:
    lines = []
    for field in SECTION_FIELDS[section]:
        lines.extend(fold_for_search(line) for line in str(getattr(partner, field) or "").splitlines())
    return "\n".join(line for line in lines if line)


def document(partner: Partner) -> dict:
    """The index row of a partner, as stored (without the PostgreSQL terms, which derive from it)."""
    listed = partner.status == PartnerStatus.ACTIVE and partner.visibility_listing != Visibility.PRIVATE
    goals = partner.goals
    facets = facet_terms(str(partner.visibility_listing) if listed else None, str(partner.kind),
                         partner.area or "", partner.group_type or "", goals)
    return {
        "partner_id": partner.id,
        "sort_kana": partner.kana_sort_key,
        "joined_on": partner.joined_on or NOT_JOINED,
        "audience": AUDIENCE[partner.visibility_listing] if listed else 0,
        "kind": str(partner.kind),
        "area": partner.area or "",
        "group_type": partner.group_type or "",
        "goal_mask": goal_mask(goals),
        **{section: section_text(partner, section) for section in SECTION_FIELDS},
        "activities_visibility": str(partner.visibility_activities),
        "offers_needs_visibility": str(partner.visibility_offers_needs),
        "facets": " ".join(facets),
    }


def goal_mask(goals: Iterable[int]) -> int:
    """The goals as one number for the index row (bit n set: goal n), which a filter tests with `&`."""
    return sum(1 << goal for goal in goals)


def goals_of(mask: int) -> list[int]:
    """The goal numbers of a goal mask, in order."""
    return [goal.number for goal in GOALS if mask >> goal.number & 1]


def reindex(partner: Partner) -> None:
    """Rebuild the partner's index row and sort key; call after any change to its text, goals, status or
    visibility. Nothing is written when the row would not change."""
    reindex_all([partner])


SORT_KEY_LENGTH = Partner.__table__.c.kana_sort_key.type.length


def sort_key(partner: Partner) -> str:
    """The reading's 50音 key, cut to its column: the key holds the reading twice, so a reading of the longest
    length the form allows made a key one character too long for PostgreSQL (a 500). What is cut is the end of
    the voicing tie-break, which orders nothing a person could see."""
    return kana_sort_key(partner.name_kana or partner.name)[:SORT_KEY_LENGTH]


def reindex_all(partners: Sequence[Partner], new: bool = False) -> None:
    """`reindex` for many partners in a few statements: one flush, one read per CHUNK partners, then one
    batched delete and insert of the rows that changed (an unchanged re-import writes nothing). A partner may
    also be an import's bulk.PartnerRecord (the same attributes). `new`: the partners were just created, so
    there is no stored row to read, and their rows go out in one stream that PostgreSQL indexes while the next
    ones are made (its GIN index takes about as long as making the terms)."""
    for partner in partners:
        partner.kana_sort_key = sort_key(partner)
    db.session.flush()
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if new:
        rows = map(document, partners)
        insert_rows(PartnerSearchDoc.__table__, map(with_terms, rows) if postgres else rows)
        return
    for start in range(0, len(partners), CHUNK):
        wanted = {partner.id: document(partner) for partner in partners[start : start + CHUNK]}
        stored = {row.partner_id: row._asdict() for row in db.session.execute(
            select(PartnerSearchDoc.partner_id, *(getattr(PartnerSearchDoc, f) for f in DOC_FIELDS))
            .where(PartnerSearchDoc.partner_id.in_(wanted))
        )}
        changed = [row for partner_id, row in wanted.items() if stored.get(partner_id) != row]
        if not changed:
            continue
        stale = [row["partner_id"] for row in changed if row["partner_id"] in stored]
        if stale:
            db.session.execute(delete(PartnerSearchDoc).where(PartnerSearchDoc.partner_id.in_(stale)))
        insert_rows(PartnerSearchDoc.__table__, [with_terms(row) for row in changed] if postgres else changed)


def with_terms(row: dict) -> dict:
    """An index row as PostgreSQL stores it: with its terms (on SQLite the FTS5 triggers make them)."""
    row["tokens"] = pg_document({section: row[section] for section in SECTION_FIELDS}, {
        "activities": row["activities_visibility"], "offers_needs": row["offers_needs_visibility"],
    })
    return row


def clear_index(partner: Partner) -> None:
    db.session.execute(delete(PartnerSearchDoc).where(PartnerSearchDoc.partner_id == partner.id))


def rebuild_index(batch: int = 2000) -> int:
    """Index every partner again (after a migration, or to repair); returns how many were read."""
    done, last_id = 0, 0
    while True:
        partners = list(db.session.scalars(
            select(Partner).where(Partner.id > last_id, Partner.anonymised_at.is_(None))
            .order_by(Partner.id).limit(batch)
        ))
        if not partners:
            return done
        reindex_all(partners)
        db.session.commit()
        done, last_id = done + len(partners), partners[-1].id


def matching_partner_ids(query: str, sections: Iterable[str] | None = None) -> Select | None:
    """A SELECT of the ids of partners whose text (in `sections`, default all) contains `query`, to use as a
    subquery; None when nothing is left of the query after folding."""
    folded = fold_for_search(query)
    if not folded:
        return None
    return ids_matching(keyword_in(folded, sections or SECTION_FIELDS))


def keyword_in(folded: str, sections: Iterable[str], audience: str | None = None) -> "search_query.Node":
    """The folded keyword in any of `sections`, as far as `audience` ("public", "partners"; None: staff) may
    read them."""
    return search_query.Or([search_query.Keyword(folded, letter) for section in sections
                            for letter in letters(section, audience)])


@contextmanager
def index_scans_only():
    """PostgreSQL's planner prices `@>` on a sequential scan as cheap, but on a row's few hundred terms it costs
    ~30 µs (they are read back from TOAST storage): 3 s at 100,000 partners, where the GIN index answers in
    milliseconds. For the statements inside, tell it not to scan the table — and not to compile them (JIT):
    the price of a forbidden plan is far above the JIT threshold, and compiling costs more than running. And
    plan each with its values: psycopg prepares a statement run five times, and PostgreSQL's plan for any
    values (which cannot weigh a keyword's terms) took 50 ms of CPU for a search with a district and a kind
    that its plan for the values answers in 8."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        db.session.execute(text("SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), "
                                "set_config('plan_cache_mode', 'force_custom_plan', true)"))
    try:
        yield
    finally:
        if postgres:
            db.session.execute(text("SELECT set_config('enable_seqscan', 'on', true), set_config('jit', 'on', true), "
                                    "set_config('plan_cache_mode', 'auto', true)"))


def condition(expression: "search_query.Node"):
    """The expression as a condition on PartnerSearchDoc, for a query that filters on its columns as well."""
    if db.session.get_bind().dialect.name == "postgresql":
        return expression.postgres()
    return PartnerSearchDoc.partner_id.in_(ids_matching(expression))


def ids_matching(expression: "search_query.Node") -> Select:
    """The ids of the index rows matching an expression of search_query.py, as a subquery."""
    if db.session.get_bind().dialect.name == "postgresql":
        return select(PartnerSearchDoc.partner_id).where(expression.postgres())
    return select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        text(f"{FTS_TABLE} MATCH :fts_match").bindparams(fts_match=expression.fts())
    )


def matched_sections(query: str, partners: Iterable[Partner]) -> dict[int, list[str]]:
    """For each of `partners` (a page of results), the sections whose text contains `query`, in SECTION_FIELDS
    order: worked out from the partners already loaded, so it costs no query."""
    folded = fold_for_search(query)
    if not folded:
        return {}
    found = {}
    for partner in partners:
        sections = [s for s in SECTION_FIELDS if any(folded in line for line in section_text(partner, s).split("\n"))]
        if sections:
            found[partner.id] = sections
    return found

