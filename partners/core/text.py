"""Normalise what people type before it is stored or searched (DESIGN.md, Japanese text rules)."""

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"\s+")
_INLINE_SPACES = re.compile(r"[^\S\n]+")
_KATAKANA_READING = re.compile(r"^[\u30A0-\u30FF ]*$")
_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
# Full-width Latin letters and digits (ＮＰＯ, ３) and their half-width forms; full-width punctuation is not here.
_WIDE_ALPHANUMERICS = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_PHONE_DROPPED = re.compile(r"[\s()]")
_PHONE_SEPARATORS = re.compile(r"[\-‐‑‒–—―−ー]+")
_HALF_WIDTH_KANA = re.compile(r"[\uFF61-\uFF9F]")


def _usual_widths(value: str) -> str:
    """The usual 表記ゆれ rule and nothing more: full-width letters and digits made half-width, half-width katakana
    made full-width (voicing marks combined). Japanese punctuation and symbols stay as typed: （）「」！～・①㈱."""
    value = strip_invisible(value).translate(_WIDE_ALPHANUMERICS)
    if _HALF_WIDTH_KANA.search(value):
        value = jaconv.h2z(value, kana=True, ascii=False, digit=False)
    return value


def normalise_text(value: str | None) -> str:
    """Free text on one line (names, reasons, addresses) as stored: the usual widths, control and zero-width
    characters removed, trimmed, runs of white space (the full-width space too) collapsed to one space."""
    if not value:
        return ""
    return _SPACES.sub(" ", _usual_widths(value)).strip()


def normalise_multiline(value: str | None) -> str:
    """Like `normalise_text`, but free text keeps its line breaks (at most one blank line in a row)."""
    if not value:
        return ""
    lines = [_INLINE_SPACES.sub(" ", line).strip() for line in _usual_widths(value).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalise_identifier(value: str | None) -> str:
    """What is compared rather than read (e-mail, member number, phone, goals, dates, list values, column names):
    NFKC, so every width and compatibility form of it is the same key; trimmed, white space collapsed."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", strip_invisible(value))).strip()


def normalise_email(value: str | None) -> str:
    return normalise_identifier(value).replace(" ", "").lower()


def normalise_phone(value: str | None) -> str:
    """A phone number as stored: NFKC (０２９ → 029), without spaces or brackets, every kind of dash a hyphen."""
    return _PHONE_SEPARATORS.sub("-", _PHONE_DROPPED.sub("", normalise_identifier(value))).strip("-")


def to_katakana(value: str | None) -> str:
    """A reading (フリガナ) as stored: NFKC, hiragana turned to katakana, spaces collapsed."""
    return jaconv.hira2kata(normalise_identifier(value))


def is_katakana_reading(value: str) -> bool:
    return bool(_KATAKANA_READING.match(value))


def fold_for_search(value: str | None) -> str:
    """Fold width, case and hiragana/katakana, and drop spaces: ｻｽﾃﾅﾌﾞﾙ, サステナブル and さすてなぶる meet."""
    if not value:
        return ""
    folded = jaconv.kata2hira(unicodedata.normalize("NFKC", value).casefold())
    return _SPACES.sub("", folded)


_VOWELS = {"A": "あ", "I": "い", "U": "う", "E": "え", "O": "お"}


def _vowel_of(kana: str) -> str:
    """The vowel a long-vowel mark after this hiragana stands for (か → あ), from its Unicode name."""
    name = unicodedata.name(kana, "")
    if not name.startswith("HIRAGANA LETTER"):
        return ""
    return "ん" if name.endswith(" N") else _VOWELS.get(name[-1], "")


def _long_vowels_read(hiragana: str) -> str:
    """ー read as the vowel before it, as dictionaries sort it: らーめん as らあめん."""
    if "ー" not in hiragana:
        return hiragana
    read = []
    for char in hiragana:
        read.append((_vowel_of(read[-1]) or char) if char == "ー" and read else char)
    return "".join(read)


def kana_sort_key(reading: str | None) -> str:
    """A key that sorts readings in 50音 order: hiragana, ー as its vowel, small kana as full size, voicing marks
    last."""
    hiragana = _long_vowels_read(fold_for_search(reading)).translate(_SMALL_KANA)
    base = "".join(ch for ch in unicodedata.normalize("NFD", hiragana) if not unicodedata.combining(ch))
    return f"{unicodedata.normalize('NFC', base)}\t{hiragana}"


_KEPT_CONTROLS = {"\t", "\n", "\r"}
# What str.isprintable() refuses but is kept: tabs and line breaks, and white space other than the ASCII space
# (every space, line and paragraph separator in Unicode lies at or below U+3000, the ideographic space).
_KEPT_UNPRINTABLE = dict.fromkeys([ord(char) for char in _KEPT_CONTROLS] + [
    code for code in range(0x3001) if unicodedata.category(chr(code)) in {"Zs", "Zl", "Zp"}])


def strip_invisible(value: str | None) -> str | None:
    """Remove control and zero-width (format) characters, which nobody can see or mean to type; tabs and line
    breaks stay for the normalisers above to fold."""
    # The usual cases, checked in C: nothing to remove (text on several lines or with a full-width space too).
    if not value or value.isprintable() or value.translate(_KEPT_UNPRINTABLE).isprintable():
        return value
    return "".join(ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in {"Cc", "Cf"})
