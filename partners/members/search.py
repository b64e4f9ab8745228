"""The partner search index and the queries that use it (DESIGN.md, Japanese text rules).

A query of one or two characters is looked up directly in the term index. A longer one must contain every
two-character piece of the query (an index lookup), and then, on those candidates only, the whole folded query."""

from collections.abc import Iterable

from sqlalchemy import Select, delete, func, select

from partners.core.text import fold_for_search, kana_sort_key, search_terms
from partners.extensions import db
from partners.members.models import Partner, PartnerSearchTerm, PartnerSearchText

SECTION_FIELDS = {
    "listing": ("name", "name_kana", "member_no", "area", "group_type"),
    "activities": ("activities",),
    "offers_needs": ("offers", "needs"),
    "contact": ("email", "phone", "website", "representative", "address"),
}


def folded_lines(partner: Partner, section: str) -> list[str]:
    lines = []
    for field in SECTION_FIELDS[section]:
        lines.extend(fold_for_search(line) for line in str(getattr(partner, field) or "").splitlines())
    return [line for line in lines if line]


def reindex(partner: Partner) -> None:
    """Rebuild the partner's search index and sort key; call after any change to its text. Nothing is written
    when the indexed text is unchanged (an import that updates nothing stays cheap)."""
    partner.kana_sort_key = kana_sort_key(partner.name_kana or partner.name)
    is_new = partner.id is None
    if is_new:
        db.session.flush()
    texts = {section: "\n".join(folded_lines(partner, section)) for section in SECTION_FIELDS}
    if not is_new:
        stored = dict(db.session.execute(
            select(PartnerSearchText.section, PartnerSearchText.text).where(PartnerSearchText.partner_id == partner.id)
        ).all())
        if stored == texts:
            return
        clear_index(partner)
    terms = {(section, term) for section, text in texts.items() for line in text.splitlines()
             for term in search_terms(line)}
    if terms:
        db.session.execute(
            PartnerSearchTerm.__table__.insert(),
            [{"partner_id": partner.id, "section": section, "term": term} for section, term in terms],
        )
    db.session.execute(
        PartnerSearchText.__table__.insert(),
        [{"partner_id": partner.id, "section": section, "text": text} for section, text in texts.items()],
    )


def clear_index(partner: Partner) -> None:
    db.session.execute(delete(PartnerSearchTerm).where(PartnerSearchTerm.partner_id == partner.id))
    db.session.execute(delete(PartnerSearchText).where(PartnerSearchText.partner_id == partner.id))


def matching_partner_ids(query: str, sections: Iterable[str] | None = None) -> Select | None:
    """A SELECT of the ids of partners whose text (in `sections`, default all) contains `query`, to use as a
    subquery; None when nothing is left of the query after folding."""
    folded = fold_for_search(query)
    if not folded:
        return None
    sections = list(sections) if sections is not None else None
    pieces = {folded} if len(folded) <= 2 else {folded[i : i + 2] for i in range(len(folded) - 1)}
    candidates = select(PartnerSearchTerm.partner_id).where(PartnerSearchTerm.term.in_(pieces))
    if sections is not None:
        candidates = candidates.where(PartnerSearchTerm.section.in_(sections))
    candidates = candidates.group_by(PartnerSearchTerm.partner_id).having(
        func.count(func.distinct(PartnerSearchTerm.term)) == len(pieces)
    )
    if len(folded) <= 2:
        return candidates
    whole = select(PartnerSearchText.partner_id).where(
        PartnerSearchText.partner_id.in_(candidates), PartnerSearchText.text.contains(folded, autoescape=True)
    )
    if sections is not None:
        whole = whole.where(PartnerSearchText.section.in_(sections))
    return whole


def matched_sections(query: str, partner_ids: list[int]) -> dict[int, list[str]]:
    """For each of `partner_ids` (a page of results, so a handful of rows), the sections whose text contains
    `query`, in SECTION_FIELDS order, in one query. The folded text holds every line of a section, so this
    agrees with matching_partner_ids for queries of any length."""
    folded = fold_for_search(query)
    if not folded or not partner_ids:
        return {}
    found: dict[int, set[str]] = {}
    for partner_id, section in db.session.execute(
        select(PartnerSearchText.partner_id, PartnerSearchText.section).where(
            PartnerSearchText.partner_id.in_(partner_ids), PartnerSearchText.text.contains(folded, autoescape=True)
        )
    ):
        found.setdefault(partner_id, set()).add(section)
    return {partner_id: [s for s in SECTION_FIELDS if s in sections] for partner_id, sections in found.items()}
