"""Japanese is the default of every screen and mail: every string the code and templates use must have a
Japanese translation, and the compiled catalogue must be current."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("partners/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def used_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT, METHODS, keywords=KEYWORDS, options_map={"templates/**": {"extensions": "jinja2.ext.do"}}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_japanese_translation():
    with open(ROOT / "partners/translations/ja/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and not m.fuzzy and (m.string if isinstance(m.string, str) else m.string[0])
    }
    missing = sorted(used_messages() - translated)
    assert not missing, "untranslated (run `make extract-messages` and translate): " + "; ".join(missing)


def test_the_library_messages_our_forms_show_are_in_our_catalogue():
    """WTForms' and Flask-WTF's own messages are translated by messages.po (partners.core.forms), not by the
    libraries' stock catalogues."""
    from partners.core.forms import LIBRARY_MESSAGES

    with open(ROOT / "partners/translations/ja/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    missing = []
    for message in LIBRARY_MESSAGES:
        entry = catalog.get(message)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry and entry.string,)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(message[0] if isinstance(message, tuple) else message)
    assert not missing, "; ".join(missing)


# DESIGN.md's glossary: screens say パートナー (個人パートナー / 団体パートナー); 会員 only in fixed terms.
FIXED_TERMS_WITH_KAIIN = ("会員番号", "会員一覧", "会員情報", "会員証", "会員資格")


def test_japanese_screens_say_partner_and_keep_kaiin_for_fixed_terms():
    with open(ROOT / "partners/translations/ja/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    stray = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            rest = string or ""
            for term in FIXED_TERMS_WITH_KAIIN:
                rest = rest.replace(term, "")
            if "会員" in rest or "メンバー" in rest:
                stray.append(string)
    assert stray == []
