"""Activity reports from CSV (`flask activities import FILE`, and the staff page), by the partners import's rules
(partners/members/csv_io.py): UTF-8 with or without BOM or CP932, English or Japanese column names in any
order, every row checked before anything is written (a file with an error changes nothing), errors as
`line N: column: message`, and importing the same file twice changes nothing — a report is the same report when
its partner, date and title are."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from partners.accounts.models import User
from partners.activities.models import ActivityKind, ActivityReport, ReportSource
from partners.activities.services import ReportData, save_report
from partners.audit.services import record
from partners.core.text import normalise_identifier, normalise_multiline, normalise_text, strip_invisible
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.members.csv_columns import CellError, LineError, cell_text, decode
from partners.members.csv_columns import _date as read_date
from partners.members.csv_columns import _goals as read_goals
from partners.members.models import Partner, PartnerStatus

KIND_WORDS = {
    ActivityKind.VOLUNTEER: ("ボランティア",),
    ActivityKind.EVENT: ("イベント参加",),
    ActivityKind.PROJECT: ("自主事業",),
    ActivityKind.COLLABORATION: ("連携",),
    ActivityKind.OTHER: ("その他",),
}
MAX_PARTICIPANTS = 100_000
LOOKUP_CHUNK = 500


def _text(limit: int, normalise: Callable[[str], str] = normalise_text) -> Callable[[str], str | None]:
    def read(cell: str) -> str | None:
        value = normalise(cell)
        if len(value) > limit:
            raise CellError(_("At most %(count)d characters.", count=limit))
        return value or None

    return read


def _kind(cell: str) -> ActivityKind | None:
    value = normalise_identifier(cell)
    if not value:
        return None
    for kind, words in KIND_WORDS.items():
        if value.casefold() == kind.value or value in words:
            return kind
    choices = " / ".join(f"{words[0]} ({kind.value})" for kind, words in KIND_WORDS.items())
    raise CellError(_("“%(value)s” is not one of: %(choices)s.", value=value, choices=choices))


def _activity_date(cell: str):
    day = read_date(cell)
    if day and day > local_today():
        raise CellError(_("The date cannot be in the future."))
    return day


def _participants(cell: str) -> int | None:
    value = normalise_identifier(cell)
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PARTICIPANTS:
        raise CellError(_("Enter a whole number from 1 to %(max)d.", max=MAX_PARTICIPANTS))
    return int(value)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    read: Callable[[str], Any]
    required: bool = False

    def is_named(self, name: str) -> bool:
        name = normalise_identifier(name).casefold()
        return name in {self.key, normalise_identifier(self.header).casefold()}


COLUMNS = (
    Column("member_no", "会員番号", _text(30, normalise_identifier), required=True),
    Column("date", "日付", _activity_date, required=True),
    Column("title", "タイトル", _text(200), required=True),
    Column("kind", "種別", _kind, required=True),
    Column("goals", "ゴール", read_goals),
    Column("participants", "人数", _participants),
    Column("description", "内容", _text(5000, normalise_multiline)),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


@dataclass
class Row:
    line: int
    headers: dict[str, str]
    errors: list[LineError]
    values: dict[str, Any] = field(default_factory=dict)
    partner: Partner | None = None

    def error(self, key: str | None, message: str) -> None:
        column = (self.headers.get(key) or COLUMNS_BY_KEY[key].header) if key else None
        self.errors.append(LineError(self.line, column, message))


@dataclass
class ImportResult:
    dry_run: bool
    errors: list[LineError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def import_csv(raw: bytes, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Add the file's reports, or update a report with the same partner, date and title. Nothing commits here:
    the caller commits a clean import and rolls back a dry run or a file with errors."""
    result = ImportResult(dry_run=dry_run)
    try:
        rows = read_rows(decode(raw), result.errors)
    except CellError as problem:
        result.errors.append(LineError(None, None, str(problem)))
        return result
    resolve(rows)
    if result.errors:
        result.errors.sort(key=lambda error: error.line or 0)
        return result
    for row in rows:
        outcome = apply(row, actor)
        result.created += outcome == "created"
        result.updated += outcome == "updated"
    if not dry_run:
        record(actor, "activity.import", "activity_report", None,
               detail=f"created={result.created} updated={result.updated}")
    return result


def read_rows(text: str, errors: list[LineError]) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, headers, columns, unnamed, end_of_previous = [], {}, [], set(), 0
    try:
        for cells in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if line == 1:
                columns = read_header(cells, headers, errors, unnamed)
            elif any(cell.strip() for cell in cells) and columns:
                rows.append(read_row(line, cells, columns, headers, errors, unnamed))
    except csv.Error:
        errors.append(LineError(end_of_previous + 1, None, _("This line is not valid CSV (check the quotation "
                                                              "marks).")))
    if not columns:
        errors.insert(0, LineError(1, None, _("The first line must name the columns.")))
    else:
        for column in COLUMNS:
            if column.required and column.key not in headers:
                errors.append(LineError(1, column.header, _("This column is required.")))
    return rows


def read_header(cells: list[str], headers: dict[str, str], errors: list[LineError], unnamed: set[int]) -> list:
    columns = []
    for index, cell in enumerate(cells):
        column = next((column for column in COLUMNS if column.is_named(cell)), None)
        if column is None and not cell.strip():
            unnamed.add(index)
        elif column is None:
            errors.append(LineError(1, cell.strip(), _("Unknown column.")))
        elif column is not None and column.key in headers:
            errors.append(LineError(1, cell.strip(), _("This column appears twice.")))
            column = None
        elif column is not None:
            headers[column.key] = cell.strip()
        columns.append(column)
    return columns if any(columns) else []


def read_row(line: int, cells: list[str], columns: list, headers: dict[str, str], errors: list[LineError],
             unnamed: set[int]) -> Row:
    row = Row(line, headers, errors)
    if len(cells) != len(columns):
        row.error(None, _("This line has %(found)d cells; the first line has %(expected)d.",
                          found=len(cells), expected=len(columns)))
        return row
    for index, (column, cell) in enumerate(zip(columns, cells, strict=True)):
        if column is None:
            if index in unnamed and cell.strip():
                row.error(None, _("A cell has a value but its column has no name in the first line."))
            continue
        try:
            row.values[column.key] = column.read(cell_text(strip_invisible(cell)))
        except CellError as problem:
            row.error(column.key, str(problem))
            continue
        if column.required and row.values[column.key] is None:
            row.error(column.key, _("This is required."))
    return row


def resolve(rows: list[Row]) -> None:
    """Find each row's partner by member number, and refuse the same report twice in one file."""
    numbers = sorted({row.values["member_no"] for row in rows if row.values.get("member_no")})
    partners = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start:start + LOOKUP_CHUNK]
        partners |= {p.member_no: p for p in db.session.scalars(select(Partner).where(Partner.member_no.in_(chunk)))}
    seen = {}
    for row in rows:
        member_no = row.values.get("member_no")
        if not member_no:
            continue
        row.partner = partners.get(member_no)
        if row.partner is None:
            row.error("member_no", _("No partner has member number %(member_no)s.", member_no=member_no))
        elif row.partner.status == PartnerStatus.WITHDRAWN:
            row.error("member_no", _("This partner has withdrawn: no report can be added."))
        key = (member_no, row.values.get("date"), row.values.get("title"))
        if None not in key:
            if key in seen:
                row.error(None, _("This is the same report as on line %(line)d (member number, date and title).",
                                  line=seen[key]))
            seen.setdefault(key, row.line)


def apply(row: Row, actor: User | None) -> str | None:
    """Create or update the row's report; returns "created", "updated" or None when nothing changed."""
    values = row.values
    existing = db.session.scalar(select(ActivityReport).where(
        ActivityReport.partner_id == row.partner.id, ActivityReport.activity_date == values["date"],
        ActivityReport.title == values["title"]).limit(1))
    data = ReportData(activity_date=values["date"], title=values["title"], kind=values["kind"])
    if existing is not None:
        data.goals, data.participants = existing.goals, existing.participants
        data.description, data.other_partners, data.is_public = (existing.description, existing.other_partners,
                                                                 existing.is_public)
    for key, attribute in (("goals", "goals"), ("participants", "participants"), ("description", "description")):
        if key in values:
            setattr(data, attribute, values[key] if values[key] is not None else ([] if key == "goals" else None))
    data.description = data.description or ""
    if existing is not None and _same(existing, data):
        return None
    save_report(row.partner, data, actor, ReportSource.IMPORT, report=existing)
    return "updated" if existing is not None else "created"


def _same(report: ActivityReport, data: ReportData) -> bool:
    return (report.kind == data.kind and report.goals == sorted(set(data.goals))
            and report.participants == data.participants and report.description == data.description)
