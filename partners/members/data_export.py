"""A partner's own data as a file people can read: CSV for Excel, one row per item, labels in the reader's
language. The content is `profiles.personal_data`, the same as the JSON download, so the two never disagree."""

import csv
import io
from collections.abc import Callable
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partners.core.sdgs import GOALS_BY_NUMBER
from partners.members.labels import (
    CONTACT_ROLE_LABELS,
    KIND_LABELS,
    SECTION_LABELS,
    VISIBILITY_LABELS,
    setting_label,
)
from partners.members.lifecycle import status_label
from partners.members.models import Partner
from partners.members.profiles import personal_data

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _when(value: str | None) -> str:
    return format_datetime(datetime.fromisoformat(value), "yyyy-MM-dd HH:mm") if value else ""


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value), "long") if value else ""


def _goals(numbers: list[int]) -> str:
    return "\n".join(f"{number} {GOALS_BY_NUMBER[number].name}" for number in numbers)


def _status(value: str | None) -> str:
    return status_label(value) if value else ""


def _text(value) -> str:
    return "" if value is None else str(value)


# Each item of the personal data: its label and how its value reads.
ITEMS: dict[str, tuple[object, Callable]] = {
    "member_no": (_l("Member number"), _text),
    "kind": (_l("Kind"), lambda kind: str(KIND_LABELS[kind])),
    "status": (_l("Status"), _status),
    "name": (_l("Name"), _text),
    "name_kana": (_l("Reading (furigana)"), _text),
    "email": (_l("E-mail address"), _text),
    "phone": (_l("Phone number"), _text),
    "area": (_l("District"), lambda area: setting_label("PARTNER_AREAS", area)),
    "goals": (_l("SDGs you work on"), _goals),
    "group_type": (_l("Type of group"), lambda value: setting_label("GROUP_TYPES", value)),
    "representative": (_l("Representative"), _text),
    "postal_code": (_l("Postal code"), _text),
    "address": (_l("Address"), _text),
    "website": (_l("Website"), _text),
    "size": (_l("Number of members"), _text),
    "activities": (_l("What you do or want to do"), _text),
    "offers": (_l("What you can offer"), _text),
    "needs": (_l("What you are looking for"), _text),
    "consented_at": (_l("Agreed to the purpose of use"), _when),
    "applied_at": (_l("Applied"), _when),
    "certified_at": (_l("Certified or approved"), _when),
    "joined_on": (_l("Member since"), _day),
    "review_comment": (_l("Comment from the programme office"), _text),
}


def personal_data_rows(partner: Partner) -> list[tuple[str, str]]:
    """(label, value) pairs for everything we hold about the partner, lists spread over one row per entry."""
    data = personal_data(partner)
    rows = []
    for key, value in data.items():
        if key == "visibility":
            rows += [(_("Who may see: %(section)s", section=SECTION_LABELS[section]), str(VISIBILITY_LABELS[level]))
                     for section, level in value.items()]
        elif key == "contacts":
            rows += [(_("Contact person"), _contact_entry(contact)) for contact in value]
        elif key == "status_history":
            rows += [(_("Status history"), _history_entry(entry)) for entry in value]
        else:
            label, read = ITEMS[key]
            rows.append((str(label), read(value)))
    return rows


def _contact_entry(contact: dict) -> str:
    return f"{contact['name']} <{contact['email']}> ({CONTACT_ROLE_LABELS[contact['role']]})"


def _history_entry(entry: dict) -> str:
    change = " → ".join(_status(status) for status in (entry["from"], entry["to"]) if status)
    text = f"{_when(entry['at'])} {change}"
    return f"{text}: {entry['reason']}" if entry["reason"] else text


def personal_data_csv(partner: Partner) -> str:
    """UTF-8 with a BOM (Excel reads it as UTF-8), a header row 項目,内容. Text Excel would run as a formula is
    written behind an apostrophe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Item"), _("Value")])
    for label, value in personal_data_rows(partner):
        writer.writerow([label, f"'{value}" if value.startswith(FORMULA_STARTS) else value])
    return out.getvalue()
