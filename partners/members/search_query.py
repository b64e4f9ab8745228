"""Search expressions over the index terms (search_tokens.py), written for FTS5 (SQLite) or as
conditions on PartnerSearchDoc (PostgreSQL) from one tree, so both engines answer the same question."""

from dataclasses import dataclass

from sqlalchemy import Boolean, Text, and_, bindparam, or_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from partners.members.models import SEARCH_TERMS, PartnerSearchDoc
from partners.members.search_tokens import SECTION_LETTERS, fts_keyword, pg_keyword

# letter → (section, visibility); the listing and contact letters stand for any visibility.
SECTION_OF_LETTER = {letter: (section, level) for section, by_level in SECTION_LETTERS.items()
                     for level, letter in by_level.items()}


class contains_text(FunctionElement):  # noqa: N801 - used like func.*
    """`text` holds `part`: instr() on SQLite, strpos() on PostgreSQL (a plain substring test, no pattern)."""

    type = Boolean()
    inherit_cache = True


@compiles(contains_text)
def _contains_sqlite(element, compiler, **kw):
    text, part = element.clauses
    return f"instr({compiler.process(text, **kw)}, {compiler.process(part, **kw)}) > 0"


@compiles(contains_text, "postgresql")
def _contains_postgres(element, compiler, **kw):
    text, part = element.clauses
    return f"strpos({compiler.process(text, **kw)}, {compiler.process(part, **kw)}) > 0"


def has_all(terms: list[str]):
    """GIN's `@>` over the row's terms (models.search_terms): exact, so PostgreSQL need not recheck the row."""
    return SEARCH_TERMS.op("@>")(bindparam(None, terms, ARRAY(Text)))


class Node:
    def fts(self) -> str:
        raise NotImplementedError

    def index(self):
        """A condition on the row's terms (models.search_terms) that GIN answers alone, true of every match."""
        raise NotImplementedError

    def exact(self):
        """What must also hold, checked on the few rows `index` leaves (None: nothing)."""
        return

    def single_term(self) -> str | None:
        """The one index term that answers this node exactly, if there is one."""
        return

    def in_text(self):
        """The node checked on the row's own text columns, without the index."""
        raise NotImplementedError

    def postgres(self):
        """The whole condition on PartnerSearchDoc. The check goes apart from the index condition: inside an
        OR, PostgreSQL would re-evaluate `@>` on each row, reading its terms back from TOAST storage."""
        exact = self.exact()
        return self.index() if exact is None else and_(self.index(), exact)


@dataclass(frozen=True)
class Term(Node):
    """A facet term (search_tokens.facet_terms), e.g. `xg3` for goal 3."""

    term: str

    def fts(self) -> str:
        return f'"{self.term}"'

    def index(self):
        return has_all([self.term])

    def single_term(self) -> str:
        return self.term


@dataclass(frozen=True)
class Keyword(Node):
    """The folded query as a substring of a line of the sections whose terms start with `letter`."""

    folded: str
    letter: str

    def fts(self) -> str:
        return fts_keyword(self.folded, self.letter)

    def index(self):
        return has_all(pg_keyword(self.folded, self.letter))

    def single_term(self) -> str | None:
        return pg_keyword(self.folded, self.letter)[0] if len(self.folded) <= 2 else None

    def exact(self):
        """All bigrams of a query of 3 or more characters may be in the text without the query; the text
        (folded, lines joined by a line break, which no query holds) says whether it is."""
        return self.in_text() if len(self.folded) > 2 else None

    def in_text(self):
        """The keyword looked for in the row's own folded text, without the index: exact for any length, and
        cheap on a row already read (a page walked in sort order checks each row it passes this way)."""
        section, level = SECTION_OF_LETTER[self.letter]
        found = contains_text(getattr(PartnerSearchDoc, section), self.folded)
        if section in ("activities", "offers_needs"):
            return and_(found, getattr(PartnerSearchDoc, f"{section}_visibility") == level)
        return found


@dataclass(frozen=True)
class And(Node):
    parts: list

    def fts(self) -> str:
        return "(" + " AND ".join(part.fts() for part in self.parts) + ")"

    def index(self):
        return and_(*(part.index() for part in self.parts))

    def exact(self):
        checks = [check for check in (part.exact() for part in self.parts) if check is not None]
        return and_(*checks) if checks else None


@dataclass(frozen=True)
class Or(Node):
    parts: list

    def fts(self) -> str:
        return "(" + " OR ".join(part.fts() for part in self.parts) + ")"

    def index(self):
        """One overlap test where each part is one term (a 1–2 character keyword in any section, any of some
        goals): GIN reads each term's postings once, where `@> … OR @> …` would make a BitmapOr of scans."""
        terms = [part.single_term() for part in self.parts]
        if all(terms):
            return SEARCH_TERMS.op("&&")(bindparam(None, terms, ARRAY(Text)))
        return or_(*(part.index() for part in self.parts))

    def exact(self):
        checks = [part.exact() for part in self.parts]
        if all(check is None for check in checks):
            return None
        # A part without a check matched exactly wherever its index condition holds.
        return or_(*(part.index() if check is None else check for part, check in zip(self.parts, checks, strict=True)))

    def in_text(self):
        return or_(*(part.in_text() for part in self.parts))
