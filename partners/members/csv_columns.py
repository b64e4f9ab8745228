"""The partner CSV format: the columns (one table that both the import and the export use), how each cell is
read (normalised as DESIGN.md's Japanese text rules say, or refused with a message in the user's language) and
written, and reading a file into rows."""

import csv
import functools
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from partners.core.text import (
    is_katakana_reading,
    normalise_email,
    normalise_identifier,
    normalise_multiline,
    normalise_text,
    strip_invisible,
    to_katakana,
)
from partners.core.timeutil import date_range_problem
from partners.members.models import PartnerKind, PartnerStatus, Visibility
from partners.members.profiles import max_length


class CellError(ValueError):
    """A cell's value is wrong; the message is already in the user's language."""


# Stored value → words accepted in a cell. The first word is the one the export writes; the English stored
# value is always accepted as well.
KIND_WORDS = {PartnerKind.INDIVIDUAL: ("個人",), PartnerKind.GROUP: ("団体",)}
VISIBILITY_WORDS = {Visibility.PUBLIC: ("公開",), Visibility.PARTNERS: ("会員のみ",), Visibility.PRIVATE: ("非公開",)}
STATUS_WORDS = {
    PartnerStatus.ACTIVE: ("有効",),
    PartnerStatus.APPLIED: ("申請中",),
    PartnerStatus.CHANGES_REQUESTED: ("差し戻し中", "差戻し"),
    PartnerStatus.REJECTED: ("却下",),
    PartnerStatus.SUSPENDED: ("休止",),
    PartnerStatus.WITHDRAWN: ("退会",),
}
FORMULA_STARTS = ("=", "+", "-", "@")
ENCODINGS = ("utf-8-sig", "cp932")
GOAL_SEPARATORS = re.compile(r"[;,、\s]+")
DATE_FORMAT = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def _text(key: str, normalise: Callable[[str], str] = normalise_text) -> Callable[[str], str | None]:
    """Text for the partner field `key`, held to the same length as the forms hold it."""
    limit = max_length(key)

    def read(cell: str) -> str | None:
        value = normalise(cell)
        if len(value) > limit:
            raise CellError(_("At most %(count)d characters.", count=limit))
        return value or None

    return read


def _words(words: dict) -> Callable[[str], Any]:
    lookup = {value.value: value for value in words}
    lookup |= {word: value for value, accepted in words.items() for word in accepted}

    def read(cell: str) -> Any:
        value = normalise_identifier(cell)
        if not value:
            return None
        if value.casefold() in lookup:
            return lookup[value.casefold()]
        choices = " / ".join(f"{accepted[0]} ({stored.value})" for stored, accepted in words.items())
        raise CellError(_("“%(value)s” is not one of: %(choices)s.", value=value, choices=choices))

    return read


def _setting(setting: str, message: Callable[[str], str]) -> Callable[[str], str | None]:
    """A value from a configured list of (stored Japanese value, English label) pairs; either is accepted."""

    def read(cell: str) -> str | None:
        value = normalise_identifier(cell)
        if not value:
            return None
        for stored, english in current_app.config[setting]:
            if value == stored or value.casefold() == english.casefold():
                return stored
        raise CellError(message(value))

    return read


def _reading(cell: str) -> str | None:
    value = to_katakana(cell)
    if not is_katakana_reading(value):
        raise CellError(_("Enter the reading in katakana (or hiragana)."))
    return _reading_text(value)


_reading_text = _text("name_kana")


def _email(cell: str) -> str | None:
    value = normalise_email(cell)
    if not value:
        return None
    if not is_valid_email(value):
        raise CellError(_("Enter a valid e-mail address."))
    if len(value) > max_length("email"):
        raise CellError(_("At most %(count)d characters.", count=max_length("email")))
    return value


PLAIN_LOCAL_PART = re.compile(r"[a-z0-9]+(?:[._+-][a-z0-9]+)*")


def is_valid_email(address: str) -> bool:
    """email_validator's verdict on the syntax of a (normalised) address. Its full check costs ~30 µs, a third of
    reading a whole row; but an address whose local part is plain (letters and digits, single . _ + - between
    them, at most 64) is valid exactly when its domain is, and a file has few domains: each is checked once."""
    local_part, _at, domain = address.rpartition("@")
    if PLAIN_LOCAL_PART.fullmatch(local_part) and len(local_part) <= 64 and len(address) <= 254:
        return _is_valid_domain(domain)
    return _passes_email_validator(address)


@functools.lru_cache(maxsize=1024)
def _is_valid_domain(domain: str) -> bool:
    return _passes_email_validator(f"a@{domain}")


def _passes_email_validator(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _goals(cell: str) -> list[int] | None:
    pieces = [piece for piece in GOAL_SEPARATORS.split(normalise_identifier(cell)) if piece]
    if not pieces:
        return None
    goals = []
    for piece in pieces:
        if not piece.isascii() or not piece.isdigit() or not 1 <= int(piece) <= 17:
            raise CellError(_("“%(value)s” is not a goal number from 1 to 17.", value=piece))
        goals.append(int(piece))
    return sorted(set(goals))


def _website(cell: str) -> str | None:
    value = _text("website", normalise_identifier)(cell)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in value:
        raise CellError(_("Enter a full web address (https://…)."))
    return value


def _date(cell: str) -> date | None:
    value = normalise_identifier(cell)
    if not value:
        return None
    match = DATE_FORMAT.fullmatch(value)
    try:
        if not match:
            raise ValueError(value)
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(_("“%(value)s” is not a date (YYYY-MM-DD or YYYY/MM/DD).", value=value)) from None
    problem = date_range_problem(day)
    if problem:
        raise CellError(problem)
    return day


def _word_of(words: dict) -> Callable[[Any], str]:
    """The word the export writes for a stored value (individual → 個人)."""
    return {stored: accepted[0] for stored, accepted in words.items()}.__getitem__


def _plain(value: Any) -> str:
    return str(value or "")


@functools.lru_cache(maxsize=4096)
def _goals_cell(aggregated: str | None) -> str:
    """The goals as the database aggregates them ("13,11", in no set order) written as the import reads them
    ("11;13"). Partners share a few thousand combinations of goals, so each is worked out once."""
    return ";".join(str(goal) for goal in sorted(int(goal) for goal in aggregated.split(","))) if aggregated else ""


def _iso_date(day: date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class Column:
    """A CSV column: `read` turns a cell into the value stored in the partner field `key`; `write` turns the
    stored value of the column `stored_in` (default: `key`) into the cell the export writes."""

    key: str
    header: str
    read: Callable[[str], Any]
    write: Callable[[Any], str]
    stored_in: str | None = None
    repeats: bool = False  # few distinct cells, repeated from row to row: each is read once per file

    def is_named(self, name: str) -> bool:
        """A header cell names this column by its English key or its Japanese header (any width or case)."""
        name = normalise_identifier(name).casefold()
        return name in {self.key, normalise_identifier(self.header).casefold()}


COLUMNS = (
    Column("kind", "区分", _words(KIND_WORDS), _word_of(KIND_WORDS), repeats=True),
    Column("member_no", "会員番号", _text("member_no", normalise_identifier), _plain),
    Column("name", "氏名・団体名", _text("name"), _plain),
    Column("name_kana", "フリガナ", _reading, _plain),
    Column("email", "メールアドレス", _email, _plain),
    Column("area", "地区", _setting("PARTNER_AREAS", lambda value: _(
        "“%(value)s” is not in the list of areas.", value=value)), _plain, repeats=True),
    Column("goals", "関心のあるゴール", _goals, _goals_cell, repeats=True),
    Column("group_type", "団体種別", _setting("GROUP_TYPES", lambda value: _(
        "“%(value)s” is not in the list of group types.", value=value)), _plain, repeats=True),
    Column("activities", "活動内容", _text("activities", normalise_multiline), _plain),
    Column("offers", "できること", _text("offers", normalise_multiline), _plain),
    Column("needs", "求めること", _text("needs", normalise_multiline), _plain),
    Column("website", "URL", _website, _plain),
    Column("visibility", "公開", _words(VISIBILITY_WORDS), _word_of(VISIBILITY_WORDS), stored_in="visibility_listing",
           repeats=True),
    Column("joined_on", "入会日", _date, _iso_date, repeats=True),
    Column("status", "状態", _words(STATUS_WORDS), _word_of(STATUS_WORDS), repeats=True),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
WRITERS = [column.write for column in COLUMNS]


def column_named(name: str) -> Column | None:
    return next((column for column in COLUMNS if column.is_named(name)), None)


def header_row() -> list[str]:
    return [column.header for column in COLUMNS]


def export_row(values: Sequence) -> list[str]:
    """A partner's cells from its stored values, one per column in COLUMNS' order (the goals aggregated as
    `_goals_cell` reads them). Text that Excel would run as a formula (=, +, -, @ first) is written behind an
    apostrophe, which `cell_text` takes off again on import, so that export → import keeps the text."""
    return [excel_safe(write(value)) for write, value in zip(WRITERS, values, strict=True)]


def excel_safe(cell: str) -> str:
    """`cell` as written to a CSV for Excel: text Excel would run as a formula gets a leading apostrophe."""
    return f"'{cell}" if _looks_like_formula(cell) else cell


def cell_text(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _looks_like_formula(cell) else cell


def _looks_like_formula(cell: str) -> bool:
    return cell.lstrip("'").startswith(FORMULA_STARTS)


@dataclass(frozen=True)
class LineError:
    """One problem, where it is: `line N: column: message` (the header is line 1)."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ([f"line {self.line}"] if self.line else []) + ([self.column] if self.column else [])
        return ": ".join([*where, self.message])


@dataclass
class Row:
    """A data row: the cells read so far (key → value, None for an empty cell; only the file's columns), and
    after checking, the partner it updates (None: a new partner) and the status it ends in."""

    line: int
    headers: dict[str, str]
    errors: list[LineError]
    values: dict[str, Any] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)
    partner: Any = None  # a bulk.PartnerRecord
    target: PartnerStatus | None = None

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def error(self, key: str | None, message: str) -> None:
        column = (self.headers.get(key) or COLUMNS_BY_KEY[key].header) if key else None
        self.errors.append(LineError(self.line, column, message))
        if key:
            self.bad.add(key)


def read_csv(raw: bytes, errors: list[LineError]) -> list[Row]:
    """The file's rows, each with its cells read; every problem found goes to `errors`."""
    try:
        text = decode(raw)
    except CellError as problem:
        errors.append(LineError(None, None, str(problem)))
        return []
    return read_rows(text, errors)


def decode(raw: bytes) -> str:
    """The file's text, judged by its content, not its name."""
    if b"\x00" in raw:
        raise CellError(_("The file contains NUL bytes, so it is not a CSV text file. Save it as CSV (UTF-8 or "
                          "Shift_JIS)."))
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CellError(_("The file is neither UTF-8 nor Shift_JIS (CP932) text."))


def read_rows(text: str, errors: list[LineError]) -> list[Row]:
    """Read the header and every cell; problems go to `errors` with the line of the file they are on (a row
    whose text spans several lines is reported at its first line)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, headers, columns, unnamed = [], {}, [], set()
    end_of_previous = 0
    try:
        for cells in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if line == 1:
                columns = [column and CellReader(column) for column in read_header(cells, headers, errors, unnamed)]
                continue
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(read_row(line, cells, columns, headers, errors, unnamed))
    except csv.Error:
        errors.append(LineError(end_of_previous + 1, None, _("This line is not valid CSV (check the quotation "
                                                              "marks).")))
    if not columns:
        errors.insert(0, LineError(1, None, _("The first line must name the columns.")))
    elif "kind" not in headers:
        errors.insert(0, LineError(1, COLUMNS_BY_KEY["kind"].header, _("This column is required.")))
    return rows


def read_header(cells: list[str], headers: dict[str, str], errors: list[LineError], unnamed: set[int]) -> list:
    columns = []
    for index, cell in enumerate(cells):
        column = column_named(cell)
        name = cell.strip()
        if column is None and not name:
            unnamed.add(index)
        elif column is None:
            errors.append(LineError(1, name, _("Unknown column.")))
        elif column.key in headers:
            errors.append(LineError(1, name, _("This column appears twice.")))
            column = None
        else:
            headers[column.key] = name
        columns.append(column)
    return columns if any(columns) else []


class CellReader:
    """Reads one column's cells for one file; a column whose cells repeat remembers each distinct cell's value
    (or refusal), so 100,000 rows of a few districts, goal sets and dates are read in a few hundred steps."""

    def __init__(self, column: Column):
        self.key, self.answers = column.key, {} if column.repeats else None
        self._read = column.read

    def read(self, cell: str) -> Any:
        if self.answers is None:
            return self._read(cell_text(strip_invisible(cell)))
        if cell not in self.answers:
            try:
                self.answers[cell] = self._read(cell_text(strip_invisible(cell)))
            except CellError as problem:
                self.answers[cell] = problem
        answer = self.answers[cell]
        if isinstance(answer, CellError):
            raise CellError(str(answer))
        return list(answer) if isinstance(answer, list) else answer  # every row its own list of goals


def read_row(line: int, cells: list[str], columns: list, headers: dict[str, str], errors: list[LineError],
             unnamed: set[int]) -> Row:
    row = Row(line, headers, errors)
    if columns and len(cells) != len(columns):
        row.error(None, _("This line has %(found)d cells; the first line has %(expected)d.",
                          found=len(cells), expected=len(columns)))
        return row
    for index, (column, cell) in enumerate(zip(columns, cells, strict=False)):
        if column is None:
            if index in unnamed and cell.strip():
                row.error(None, _("Column %(number)d has a value but no name in the first line.", number=index + 1))
            continue
        try:
            row.values[column.key] = column.read(cell)
        except CellError as problem:
            row.values[column.key] = None
            row.error(column.key, str(problem))
    if "kind" in headers and row.get("kind") is None and "kind" not in row.bad:
        row.error("kind", _("This is required."))
    return row
