"""Normalise what people type before it is stored or searched (DESIGN.md, Japanese text rules)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise_text(value: str | None) -> str:
    """NFKC (folds full- and half-width forms), trim, and collapse runs of white space to one space."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def normalise_email(value: str | None) -> str:
    return normalise_text(value).replace(" ", "").lower()
