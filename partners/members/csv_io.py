"""Partners in and out as CSV (DESIGN.md: CSV for people opens in Excel). The file format is csv_columns.py.

An import checks every row (its cells, then against the other rows and the database) before it changes
anything: a file with any error changes nothing. The caller commits a clean import (or rolls back a dry run);
nothing here commits. The export streams, so a long member list never sits in memory.
"""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import String, case, cast, func, select

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import local_today, start_of_local_day, utcnow
from partners.extensions import db
from partners.members.bulk import (
    PartnerRecord,
    chunks,
    insert_partners,
    insert_status_changes,
    new_record,
    records_where,
    update_partners,
)
from partners.members.csv_columns import COLUMNS, LineError, Row, export_row, header_row, read_csv
from partners.members.lifecycle import ALLOWED, erase_personal_fields, status_label, withdraw
from partners.members.models import PROFILE_SECTIONS, Partner, PartnerGoal, PartnerKind, PartnerStatus
from partners.members.numbers import (
    MAX_DIGITS,
    example_member_no,
    issue_member_nos,
    note_member_no,
    sequence_value,
)
from partners.members.profiles import ProfileData, fill_profile
from partners.members.search import reindex_all, sort_key

S = PartnerStatus
REASON = "CSV import"
MEMBER_STATUSES = {S.ACTIVE, S.SUSPENDED, S.WITHDRAWN}
REQUIRED_FOR_PROFILE = ("name", "name_kana", "area", "goals")
EXPORT_BATCH = 2000
EXPORT_CHUNK_CHARS = 64 * 1024


@dataclass
class ImportResult:
    dry_run: bool
    errors: list[LineError] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created_individuals(self) -> int:
        return self.created[PartnerKind.INDIVIDUAL]

    @property
    def created_groups(self) -> int:
        return self.created[PartnerKind.GROUP]

    @property
    def updated_total(self) -> int:
        return sum(self.updated.values())


def import_csv(raw: bytes, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Create and update partners from a CSV file (UTF-8 with or without BOM, or CP932).

    A partner is identified by its member number, else (same kind) by its e-mail address; others are created.
    A column left out of the file leaves that field of an existing partner as it is. The `visibility` cell sets
    all four visibility sections: on a new partner always, on an existing one when it differs from the partner's
    listing visibility — an unchanged value (as an export writes it) keeps the partner's own per-section choices.
    An empty `status` means active for a new partner and no change for an existing one; other statuses go
    through the lifecycle's allowed transitions. Withdrawn rows are stored anonymised.

    Three steps, so that 100,000 rows take seconds, not minutes: every row is read and checked (a file with an
    error changes nothing); the changes are worked out in Python against the stored partners, read a few
    thousand at a time (`plan`); then each table is written in bulk (`write`). A dry run stops after the plan,
    so it writes nothing and still counts only real changes: a row that repeats what is stored is no update.
    """
    result = ImportResult(dry_run=dry_run)
    rows = read_csv(raw, result.errors)
    resolve(rows)
    if result.errors:
        return result
    changes = plan(rows, actor)
    for row in changes.rows:
        (result.updated if row.partner else result.created)[row.get("kind")] += 1
    if not dry_run:
        write(changes, rows, actor)
        created, updated = sum(result.created.values()), result.updated_total
        record(actor, "partner.import", "partner", None, detail=f"created={created} updated={updated}")
    return result


def resolve(rows: list[Row]) -> None:
    """Match rows to stored partners and check what needs the other rows or the database."""
    by_number, by_email = existing_partners(rows)
    numbers_seen, emails_seen, emails_without_number, partners_seen = {}, {}, set(), {}
    for row in rows:
        if "kind" not in row.values or "kind" in row.bad:
            continue
        kind, member_no, email = row.get("kind"), row.get("member_no"), row.get("email")
        # A row without a number is found by its e-mail address next time, so that address must be its own.
        if email and (kind, email) in emails_seen and (not member_no or (kind, email) in emails_without_number):
            row.error("email", _("E-mail address %(email)s is already on line %(line)d.",
                                 email=email, line=emails_seen[kind, email]))
            continue
        if email:
            emails_seen.setdefault((kind, email), row.line)
            if not member_no:
                emails_without_number.add((kind, email))
        if member_no:
            if member_no in numbers_seen:
                row.error("member_no", _("Member number %(member_no)s is already on line %(line)d.",
                                         member_no=member_no, line=numbers_seen[member_no]))
                continue
            numbers_seen[member_no] = row.line
            row.partner = by_number.get(member_no)
            if row.partner is None and sequence_value(kind, member_no) is None:
                row.error("member_no", _("“%(value)s” is not a member number in this programme's format (e.g. "
                                         "%(example)s, at most %(digits)d digits).", value=member_no,
                                         example=example_member_no(kind), digits=MAX_DIGITS))
                continue
            if row.partner is not None and row.partner.kind != kind:
                row.error("member_no", _("This member number belongs to a partner of the other kind."))
                continue
            if row.partner is None and email:
                row.partner = only_one(row, [p for p in by_email[kind, email] if p.member_no is None])
        elif email:
            row.partner = only_one(row, by_email[kind, email])
        if row.partner is not None:
            if row.partner.id in partners_seen:
                row.error(None, _("This is the same partner as on line %(line)d.", line=partners_seen[row.partner.id]))
            partners_seen[row.partner.id] = row.line
        check_status_and_profile(row)


def only_one(row: Row, candidates: list[PartnerRecord]) -> PartnerRecord | None:
    if len(candidates) > 1:
        row.error("email", _("Several partners have this e-mail address; give the member number."))
    return candidates[0] if candidates else None


def check_status_and_profile(row: Row) -> None:
    partner, status = row.partner, row.get("status")
    row.target = status or (partner.status if partner else S.ACTIVE)
    if partner is not None and status and status != partner.status and status not in ALLOWED[partner.status]:
        row.error("status", _("A partner cannot go from %(current)s to %(target)s.",
                              current=status_label(partner.status), target=status_label(status)))
    if row.get("joined_on") and row.target not in MEMBER_STATUSES:
        row.error("joined_on", _("Only members (active, suspended or withdrawn) have a join date."))
    if row.target == S.WITHDRAWN:
        return
    for key in REQUIRED_FOR_PROFILE:
        if (partner is None or key in row.values) and row.get(key) is None and key not in row.bad:
            row.error(key, _("This is required."))
    if row.get("kind") == PartnerKind.INDIVIDUAL and row.get("group_type"):
        row.error("group_type", _("Leave this empty for individuals."))
    elif (row.get("kind") == PartnerKind.GROUP and (partner is None or "group_type" in row.values)
          and row.get("group_type") is None and "group_type" not in row.bad):
        row.error("group_type", _("This is required for groups."))


def existing_partners(rows: list[Row]) -> tuple[dict[str, PartnerRecord], dict[tuple, list[PartnerRecord]]]:
    """The stored partners the rows may update, by number, and by e-mail address for the rows a number does not
    find (a re-imported file of numbered rows reads each partner once, not twice)."""
    numbers = {row.get("member_no") for row in rows if row.get("member_no")}
    by_number = {stored.member_no: stored for stored in records_where(Partner.__table__.c.member_no, numbers)}
    emails = {row.get("email") for row in rows if row.get("email") and row.get("member_no") not in by_number}
    by_email = defaultdict(list)
    for stored in records_where(Partner.__table__.c.email, emails):
        by_email[stored.kind, stored.email].append(stored)
    return by_number, by_email


@dataclass
class Plan:
    """What an import changes, worked out before anything is written."""

    rows: list[Row] = field(default_factory=list)  # the rows that change something
    created: list[PartnerRecord] = field(default_factory=list)
    updated: list[tuple[PartnerRecord, PartnerRecord]] = field(default_factory=list)  # (as stored, as imported)
    withdrawn: list[int] = field(default_factory=list)  # ids of stored partners the file withdraws
    history: list[dict] = field(default_factory=list)  # status changes, as bulk.insert_status_changes takes them
    unnumbered: list[PartnerRecord] = field(default_factory=list)  # members still to get a number, in file order


def plan(rows: list[Row], actor: User | None) -> Plan:
    """Every new partner and every update that changes a stored value; an unchanged row costs one comparison."""
    changes, now = Plan(), utcnow()
    for row in rows:
        if row.partner is None:
            changes.created.append(create(row, actor, now, changes))
            changes.rows.append(row)
        elif update(row, actor, now, changes):
            changes.rows.append(row)
    return changes


def create(row: Row, actor: User | None, now: datetime, changes: Plan) -> PartnerRecord:
    """A new partner. One imported as suspended or withdrawn (after joining) is first made active on its join
    date, so that its history reads as if it had lived here; one imported as withdrawn keeps no personal data."""
    kind, target, withdrawn = row.get("kind"), row.target, row.target == S.WITHDRAWN
    joined = target in {S.ACTIVE, S.SUSPENDED} or (withdrawn and row.get("joined_on") is not None)
    initial = S.ACTIVE if joined else S.APPLIED if withdrawn else target
    partner = new_record(kind=kind, status=target, member_no=row.get("member_no"), created_at=now, updated_at=now)
    if joined:
        partner.joined_on = row.get("joined_on") or local_today()
        partner.certified_at = start_of_local_day(partner.joined_on)
        if not partner.member_no:
            changes.unnumbered.append(partner)
    partner.applied_at = partner.certified_at or now
    fill_profile(partner, profile(row, None, personal=not withdrawn))
    # As lifecycle.anonymise leaves a withdrawn partner's history: the reasons erased, the steps kept. Nothing
    # else (mail, contacts, other features' records) can refer to a partner that did not exist before.
    reason, erased = ("", True) if withdrawn else (REASON, False)
    changes.history.append(status_change(partner, None, initial, actor, partner.certified_at or now, reason, erased))
    if target != initial:
        changes.history.append(status_change(partner, initial, target, actor, now, reason, erased))
    if withdrawn:
        erase_personal_fields(partner)
        partner.anonymised_at = now
    else:
        partner.kana_sort_key = sort_key(partner)
    return partner


def update(row: Row, actor: User | None, now: datetime, changes: Plan) -> bool:
    """Lay the row over its stored partner; whether any stored value changes."""
    stored, status = row.partner, row.get("status")
    if stored.status == S.WITHDRAWN:  # its personal data is gone for good: a file must not bring it back
        return False
    if status == S.WITHDRAWN:
        changes.withdrawn.append(stored.id)
        return True
    partner = PartnerRecord(**vars(stored))
    fill_profile(partner, profile(row, stored))
    if row.get("member_no") and not partner.member_no:
        partner.member_no = row.get("member_no")
    if status and status != partner.status:
        changes.history.append(status_change(partner, partner.status, status, actor, now, REASON))
        partner.status = status
    numbered = False
    if partner.status in MEMBER_STATUSES:
        joined_on = row.get("joined_on")
        if (joined_on and joined_on != partner.joined_on) or partner.certified_at is None:
            partner.joined_on = joined_on or partner.joined_on or local_today()
            partner.certified_at = start_of_local_day(partner.joined_on)
        if not partner.member_no:
            changes.unnumbered.append(partner)
            numbered = True
    partner.kana_sort_key = sort_key(partner)
    if partner == stored and not numbered:
        return False
    changes.updated.append((stored, partner))
    return True


def status_change(partner: PartnerRecord, from_status: S | None, to_status: S, actor: User | None, at: datetime,
                  reason: str, reason_erased: bool = False) -> dict:
    return {"partner": partner, "from_status": from_status, "to_status": to_status,
            "actor_id": actor.id if actor else None, "reason": reason, "reason_erased": reason_erased, "at": at}


def profile(row: Row, partner: PartnerRecord | None, personal: bool = True) -> ProfileData:
    """The row's cells laid over the partner's stored profile (or over empty values for a new partner)."""

    def value(key: str, empty: Any = None) -> Any:
        found = row.get(key) if key in row.values else getattr(partner, key, None)
        return empty if found is None else found

    data = ProfileData(name="", name_kana="", area=value("area", ""), goals=value("goals", []))
    if personal:
        for key in ("name", "name_kana", "activities", "offers", "needs"):
            setattr(data, key, value(key, ""))
        for key in ("email", "group_type", "website"):
            setattr(data, key, value(key))
    if partner is not None:
        for key in ("phone", "representative", "postal_code", "address", "size"):
            setattr(data, key, getattr(partner, key))
    level = row.get("visibility")
    if level is not None and (partner is None or partner.visibility_listing != level):
        data.visibility = dict.fromkeys(PROFILE_SECTIONS, level)
    return data


def write(changes: Plan, rows: list[Row], actor: User | None) -> None:
    """Store the plan: each table in bulk (bulk.py), then the search index of the partners that changed (an
    unchanged partner's index row is as its last change left it; `flask partners reindex` rebuilds them all).
    Withdrawals go through lifecycle.withdraw one partner at a time: the erasure reaches other features' data
    through a signal whose receivers work per partner, and a file withdraws few partners."""
    number(changes.unnumbered, rows)
    insert_partners(changes.created)
    update_partners(changes.updated)
    insert_status_changes(changes.history)
    reindex_all([partner for partner in changes.created if partner.anonymised_at is None], new=True)
    reindex_all([partner for _stored, partner in changes.updated])
    for chunk in chunks(changes.withdrawn):
        for partner in db.session.scalars(select(Partner).where(Partner.id.in_(chunk)).order_by(Partner.id)):
            withdraw(partner, actor, REASON)


def number(unnumbered: list[PartnerRecord], rows: list[Row]) -> None:
    """Give members without a number the next ones of their kind, in file order. Every number the file gives
    goes to the counter first, so that no number issued here can collide with it: the highest of each kind, so
    that the counter is read once per kind, not once per row."""
    highest = {}
    for row in rows:
        member_no = row.get("member_no")
        value = sequence_value(row.get("kind"), member_no) if member_no else None
        if value is not None and value > highest.get(row.get("kind"), (0, ""))[0]:
            highest[row.get("kind")] = (value, member_no)
    for kind, (_value, member_no) in highest.items():
        note_member_no(kind, member_no)
    for kind in PartnerKind:
        partners = [partner for partner in unnumbered if partner.kind == kind]
        for partner, member_no in zip(partners, issue_member_nos(kind, len(partners)), strict=True):
            partner.member_no = member_no


def export_csv(actor: User | None) -> Iterator[str]:
    """Every partner as CSV text in pieces (UTF-8 with a BOM once encoded; Japanese headers), for a streamed
    download or a file. The audit entry is added now; the caller commits it before reading the pieces."""
    record(actor, "partner.export", "partner", None)
    return csv_text(export_rows())


def export_rows() -> Iterator[Sequence]:
    """Each partner's values in the order of csv_columns.COLUMNS: individuals then groups, by member number
    (those without one last). One query, read in batches from a server-side cursor where the database has one;
    the columns are selected directly (no ORM object per partner) and the goals come aggregated, one text per
    partner, from a subquery on partner_goals' (partner_id, goal) index."""
    goals = (select(func.aggregate_strings(cast(PartnerGoal.goal, String), ","))
             .where(PartnerGoal.partner_id == Partner.id).scalar_subquery())
    exported = [goals if column.key == "goals" else Partner.__table__.c[column.stored_in or column.key]
                for column in COLUMNS]
    query = (
        select(*exported)
        .order_by(case((Partner.kind == PartnerKind.INDIVIDUAL, 0), else_=1), Partner.member_no.is_(None),
                  Partner.member_no, Partner.id)
        .execution_options(yield_per=EXPORT_BATCH)
    )
    yield from db.session.execute(query)


def csv_text(rows: Iterable[Sequence]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header_row())
    yield "\ufeff" + take(buffer)
    for values in rows:
        writer.writerow(export_row(values))
        if buffer.tell() >= EXPORT_CHUNK_CHARS:
            yield take(buffer)
    yield take(buffer)


def take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
