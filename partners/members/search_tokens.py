"""What the partner search index stores and how a query is written against it, for both engines.

Japanese has no spaces between words, so the index cannot hold words: it holds n-grams of the folded text
(DESIGN.md, Japanese text rules), per profile section:
- every distinct character (unigram), which answers a 1-character query (森);
- every pair of neighbouring characters (bigram) with its position, which answers a 2-character query (食品) as
  one term and a longer one (子ども食堂) as the *phrase* of its bigrams at consecutive positions. A phrase of
  bigrams matches exactly where the folded query is a substring of a line, so no second pass over the text is
  needed; lines are kept apart by a gap in positions (a query never matches across a line break).
A term's first letter names its section and who may read it, so a visitor's search reads only what they may see.
On SQLite the filters are terms too (facets: listed, kind, district, group type, goals), so that a filtered
directory search is answered and counted inside FTS5 alone; PostgreSQL filters the index rows' own columns.

The two engines store the same terms in their own full-text structure:
- SQLite: an FTS5 table whose terms are written in [0-9a-z] only (each character as its code point in four
  base-36 digits), so that FTS5's plain `ascii` tokenizer keeps each term whole; FTS5's own trigram tokenizer
  cannot answer 1–2 characters.
- PostgreSQL: a GIN index over a text[] of the same terms (without positions). A 1–2 character query is one
  term, answered exactly; a longer one must hold all its bigrams (GIN `@>`, no recheck), and the few rows
  that do are checked with strpos() on the row's folded text. pg_bigm is not available here; pg_trgm cannot
  answer 1–2 characters from its index. A tsvector with positions was tried first (phrases without a second
  pass) but each hit then detoasts and rechecks the whole vector: ~20 µs a row, 100 ms for a common phrase.
Both are one row per partner; the previous design, one row per partner, section and term, was 1.4 GB at
100,000 partners on SQLite and took minutes to write.
"""

from partners.core.text import fold_for_search

# A term starts with the letter of its section and of who may read that section, so that a search reads only
# the terms its audience may see (a keyword must not find a partner through a section hidden from the visitor)
# without looking up the partner's settings: {section: {visibility: letter}}. Facets start with "x".
SECTION_LETTERS = {
    "listing": {"public": "l", "partners": "l", "private": "l"},  # the audience column decides who lists it
    "activities": {"public": "a", "partners": "b", "private": "c"},
    "offers_needs": {"public": "o", "partners": "p", "private": "q"},
    "contact": {"public": "k", "partners": "k", "private": "k"},  # staff only, whatever the setting
}
READABLE = {"public": ("public",), "partners": ("public", "partners")}
LINE_BREAK = "zz"  # an FTS5 term no character encoding produces: breaks a phrase between two lines


def letters(section: str, audience: str | None = None) -> list[str]:
    """The letters of `section`'s terms that `audience` ("public", "partners"; None: staff) may search."""
    by_level = SECTION_LETTERS[section]
    levels = READABLE[audience] if audience and section != "contact" else by_level
    if audience and section == "contact":
        return []
    return sorted({by_level[level] for level in levels})


class _Base36(dict):
    """A character as four base-36 digits of its code point (0x10FFFF fits: 36**4 = 1,679,616)."""

    def __missing__(self, char: str) -> str:
        value, digits = ord(char), []
        for _ in range(4):
            value, digit = divmod(value, 36)
            digits.append("0123456789abcdefghijklmnopqrstuvwxyz"[digit])
        self[char] = code = "".join(reversed(digits))
        return code


_CODES = _Base36()


def ascii_code(text: str) -> str:
    return "".join(_CODES[char] for char in text)


def facet_terms(listed: str | None, kind: str, area: str, group_type: str, goals) -> list[str]:
    """The filters of a directory search as terms (SQLite answers a filtered search inside FTS5 this way);
    `listed` is who the partner is listed to ("public", "partners" or None)."""
    terms = [kind_term(kind), area_term(area), group_type_term(group_type), *(goal_term(goal) for goal in goals)]
    return terms + [listed_term(audience) for audience in READABLE if listed in READABLE[audience]]


def kind_term(kind: str) -> str:
    return f"xk{kind}"


def area_term(area: str) -> str:
    return "xa" + ascii_code(area)


def group_type_term(group_type: str) -> str:
    return "xt" + ascii_code(group_type)


def goal_term(goal: int) -> str:
    return f"xg{goal}"


def listed_term(audience: str) -> str:
    """The whole audience's name: by its first letter alone, "public" and "partners" were one term, and a keyword
    search on SQLite listed partners-only partners to the public."""
    return f"xl{audience}"


def parse_facet_string(value: str) -> list[str]:
    return value.split()


def fts_document(texts: dict[str, str], levels: dict[str, str], facets: str) -> str:
    """The SQLite FTS5 document (space-separated ASCII terms) of a partner's folded texts (section → text),
    the sections' visibility (section → level) and facet terms."""
    terms: list[str] = []
    for section, by_level in SECTION_LETTERS.items():
        letter = by_level[levels.get(section) or "private"]
        lines = [line for line in texts.get(section, "").split("\n") if line]
        unigrams = set()
        for line in lines:
            codes = [_CODES[char] for char in line]
            unigrams.update(codes)
            terms.extend(letter + first + second for first, second in zip(codes, codes[1:], strict=False))
            terms.append(LINE_BREAK)
        terms.extend(letter + code for code in sorted(unigrams))
    terms.extend(parse_facet_string(facets))
    return " ".join(terms)


def pg_document(texts: dict[str, str], levels: dict[str, str]) -> list[str]:
    """The PostgreSQL terms: each distinct unigram and bigram of each line, behind its section's letter. No
    positions (a GIN over text[] keeps none), so a longer query's hits are checked against the text; no facets:
    PostgreSQL filters on the index row's columns, after the GIN index found the keyword."""
    terms: set[str] = set()
    for section, by_level in SECTION_LETTERS.items():
        letter = by_level[levels.get(section) or "private"]
        for line in texts.get(section, "").split("\n"):
            terms.update(letter + char for char in line)
            terms.update(letter + first + second for first, second in zip(line, line[1:], strict=False))
    return sorted(terms)


def folded_query(query: str | None) -> str:
    """The query as the index sees it; a line break cannot be part of a match."""
    return fold_for_search(query)


def fts_keyword(folded: str, letter: str) -> str:
    """An FTS5 expression matching `folded` in the section `letter`: a term, or the phrase of its bigrams."""
    codes = [_CODES[char] for char in folded]
    if len(codes) == 1:
        return f'"{letter}{codes[0]}"'
    return '"' + " ".join(letter + a + b for a, b in zip(codes, codes[1:], strict=False)) + '"'


def pg_keyword(folded: str, letter: str) -> list[str]:
    """The PostgreSQL terms a text holding `folded` must hold (all of them; enough for 1–2 characters)."""
    if len(folded) == 1:
        return [letter + folded]
    return sorted({letter + a + b for a, b in zip(folded, folded[1:], strict=False)})
