"""Normalise what people type before it is stored or searched (DESIGN.md, Japanese text rules)."""

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"\s+")
_INLINE_SPACES = re.compile(r"[^\S\n]+")
_KATAKANA_READING = re.compile(r"^[\u30A0-\u30FF ]*$")
_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")


def normalise_text(value: str | None) -> str:
    """NFKC (folds full- and half-width forms), trim, and collapse runs of white space to one space."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def normalise_multiline(value: str | None) -> str:
    """Like `normalise_text`, but free text keeps its line breaks (at most one blank line in a row)."""
    if not value:
        return ""
    lines = [_INLINE_SPACES.sub(" ", line).strip() for line in unicodedata.normalize("NFKC", value).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalise_email(value: str | None) -> str:
    return normalise_text(value).replace(" ", "").lower()


def to_katakana(value: str | None) -> str:
    """A reading (フリガナ) as stored: NFKC, hiragana turned to katakana, spaces collapsed."""
    return jaconv.hira2kata(normalise_text(value))


def is_katakana_reading(value: str) -> bool:
    return bool(_KATAKANA_READING.match(value))


def fold_for_search(value: str | None) -> str:
    """Fold width, case and hiragana/katakana, and drop spaces: ｻｽﾃﾅﾌﾞﾙ, サステナブル and さすてなぶる meet."""
    if not value:
        return ""
    folded = jaconv.kata2hira(unicodedata.normalize("NFKC", value).casefold())
    return _SPACES.sub("", folded)


def search_terms(value: str | None) -> set[str]:
    """Every 1- and 2-character piece of the folded text: what the search index stores."""
    folded = fold_for_search(value)
    return set(folded) | {folded[i : i + 2] for i in range(len(folded) - 1)}


def kana_sort_key(reading: str | None) -> str:
    """A key that sorts readings in 50音 order: hiragana, small kana as full size, voicing marks last."""
    hiragana = fold_for_search(reading).translate(_SMALL_KANA)
    base = "".join(ch for ch in unicodedata.normalize("NFD", hiragana) if not unicodedata.combining(ch))
    return f"{unicodedata.normalize('NFC', base)}\t{hiragana}"


_KEPT_CONTROLS = {"\t", "\n", "\r"}


def strip_invisible(value: str | None) -> str | None:
    """Remove control and zero-width (format) characters, which nobody can see or mean to type; tabs and line
    breaks stay for the normalisers above to fold."""
    if not value or value.isprintable():  # the usual case, checked in C: nothing to remove
        return value
    return "".join(ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in {"Cc", "Cf"})
