"""The public member list as open data: CSV for people (Excel: UTF-8 with a BOM) and JSON for programs, with the
page's filters and order, public fields only. Both stream, a batch of partners at a time."""

import csv
import io
import json
from collections.abc import Iterator

from flask_babel import gettext as _

from partners.directory.labels import kind_label, setting_label
from partners.directory.queries import PUBLIC, DirectoryFilters, all_ids, load_in_order
from partners.directory.services import goal_names, public_record
from partners.extensions import db
from partners.members.models import Partner
from partners.members.search import index_scans_only

BATCH = 500
CHUNK_CHARS = 64 * 1024


def public_partners(filters: DirectoryFilters) -> Iterator[Partner]:
    with index_scans_only():
        ids = list(db.session.scalars(all_ids(filters, PUBLIC)))
    for start in range(0, len(ids), BATCH):
        yield from load_in_order(ids[start : start + BATCH])


def csv_pieces(filters: DirectoryFilters) -> Iterator[str]:
    headers = [_("Member number"), _("Individual or group"), _("Name"), _("Reading"), _("Type of group"),
               _("District"), _("Goals"), _("Activities"), _("What we offer"), _("What we look for"), _("Website")]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    yield "\ufeff" + _take(buffer)
    for partner in public_partners(filters):
        record = public_record(partner)
        writer.writerow([excel_safe(value) for value in (
            record["member_no"], kind_label(record["kind"]), record["name"], record["name_kana"],
            setting_label("GROUP_TYPES", record["group_type"]), setting_label("PARTNER_AREAS", record["area"]),
            goal_names(record["goals"]), record["activities"] or "", record["offers"] or "", record["needs"] or "",
            record["website"] or "")])
        if buffer.tell() >= CHUNK_CHARS:
            yield _take(buffer)
    yield _take(buffer)


def excel_safe(value: str) -> str:
    """Text that Excel would run as a formula is written behind an apostrophe (as the staff export does)."""
    return f"'{value}" if value and value[0] in "=+-@" else value


def json_pieces(filters: DirectoryFilters) -> Iterator[str]:
    yield '{"partners": ['
    separator = ""
    for partner in public_partners(filters):
        yield separator + json.dumps(public_record(partner), ensure_ascii=False)
        separator = ","
    yield "]}"


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
