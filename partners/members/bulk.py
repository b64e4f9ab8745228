"""Partners read and written in bulk, with SQLAlchemy Core statements instead of ORM objects: the partner CSV
import (csv_io.py) of 100,000 rows.

Why not the ORM: it keeps an identity map and per-attribute history for every object and sorts its unit of work
at each flush, about 1 ms of CPU per imported partner (~100 s at 100,000) before the database does anything,
and one search-index write per status change flushed the whole session again. Here a partner is a
`PartnerRecord`, its columns as plain attributes, so the code that reads and sets partner attributes
(profiles.fill_profile, search.document) runs on it unchanged.

How rows are inserted (`insert_rows`), measured at 10,000 partners: on SQLite, the driver's executemany (its loop
runs in C; ~40 µs a partner, most of it SQLAlchemy's parameter processing). On PostgreSQL, COPY: psycopg parses
a statement's text for its placeholders in Python, so SQLAlchemy's multi-row INSERT (1,000 rows × 30 columns a
statement) cost ~350 µs a partner in that parsing alone, and one INSERT a row is a round trip a row. RETURNING
the new ids in the rows' order would make SQLAlchemy send one row per statement on SQLite, so new partners'
ids are taken otherwise (`insert_partners`). So an import runs a few statements per table it writes and two
per LOOKUP_CHUNK rows it looks up, whatever its length. Nothing here commits.
"""

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table, any_, bindparam, delete, func, insert, literal_column, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY

from partners.extensions import db
from partners.members.models import Partner, PartnerGoal, PartnerStatusChange

PARTNERS = Partner.__table__
GOALS = PartnerGoal.__table__
HISTORY = PartnerStatusChange.__table__
# Keys looked up per statement: few enough statements (20 for 100,000 partners) that their round trips do not
# count, and a bounded answer each.
LOOKUP_CHUNK = 5000
# What an insert writes (the id is the database's) and what an update may change (`updated_at` is then set by
# the column's onupdate, as the ORM would set it).
INSERTED = [column.key for column in PARTNERS.columns if column.key != "id"]
UPDATED = [key for key in INSERTED if key not in {"created_at", "updated_at"}]


class PartnerRecord(SimpleNamespace):
    """A partner as plain values: every column of `partners` by its attribute name, and `goals` (sorted goal
    numbers). Two records are equal when every value is."""


# A new partner's values before an import fills them: the columns' own defaults (visibility, status, empty texts).
NEW_PARTNER = {column.key: column.default.arg if column.default is not None and column.default.is_scalar else None
               for column in PARTNERS.columns}


def new_record(**values: Any) -> PartnerRecord:
    return PartnerRecord(**(NEW_PARTNER | {"goals": []} | values))


def chunks(values: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def one_of(column, keys: list):
    """`column IN (keys)` with the keys sent as one parameter: an array on PostgreSQL (`= ANY`), a JSON array on
    SQLite (`json_each`). As 1,000 placeholders, SQLAlchemy and psycopg spent ~30 µs a key preparing them, more
    than the lookup itself; both engines still find each key through the column's index."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(keys), ARRAY(column.type)))
    return column.in_(select(literal_column("value")).select_from(func.json_each(json.dumps(list(keys)))))


def records_where(column, keys: Iterable) -> list[PartnerRecord]:
    """The stored partners whose `column` (a column of `partners`) is one of `keys`, with their goals, in order
    of id: two statements per LOOKUP_CHUNK keys."""
    found = []
    for chunk in chunks(sorted(set(keys))):
        rows = db.session.execute(select(PARTNERS).where(one_of(column, chunk))).mappings().all()
        goals = defaultdict(list)
        for partner_id, goal in db.session.execute(
            select(GOALS.c.partner_id, GOALS.c.goal).join(PARTNERS).where(one_of(column, chunk))
            .order_by(GOALS.c.partner_id, GOALS.c.goal)
        ):
            goals[partner_id].append(goal)
        found.extend(PartnerRecord(**row, goals=goals[row["id"]]) for row in rows)
    return sorted(found, key=lambda record: record.id)


def insert_partners(records: list[PartnerRecord]) -> None:
    """Store new partners with their goals, and set each record's `id`."""
    if not records:
        return
    rows = [{key: getattr(record, key) for key in INSERTED} for record in records]
    db.session.flush()  # pending ORM writes (a new member number counter) first: the last insert must be ours
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # The sequence hands out ids that no other transaction will get: one statement for all of them.
        ids = sorted(connection.scalars(select(func.nextval(func.pg_get_serial_sequence("partners", "id")))
                                        .select_from(func.generate_series(1, len(rows)))))
        for row, partner_id in zip(rows, ids, strict=True):
            row["id"] = partner_id
        insert_rows(PARTNERS, rows)
    else:
        # SQLite gives an AUTOINCREMENT row one more than the largest id the table ever had, and no one else
        # writes while this transaction holds the write lock: the rows got consecutive ids, ending at the last.
        insert_rows(PARTNERS, rows)
        last = connection.scalar(text("SELECT last_insert_rowid()"))
        ids = range(last - len(rows) + 1, last + 1)
    for record, partner_id in zip(records, ids, strict=True):
        record.id = partner_id
    insert_goals([(record.id, goal) for record in records for goal in record.goals])


def insert_rows(table: Table, rows: Iterable[dict]) -> None:
    """Insert `rows` (dicts with the same keys: every column but an autoincrement id; no Python-side default is
    applied) into `table`: the driver's executemany on SQLite, COPY on PostgreSQL, which streams the rows as
    they come (an iterator's next rows are made while the server stores the previous). Values go through the
    columns' own bind processing (enums to their values, times to UTC), as a Core INSERT would send them, but
    without SQLAlchemy's per-row parameter handling, which was half the time on SQLite. COPY's binary format,
    because in the text format psycopg checks every element of a list (a search document's few hundred terms)
    for quoting, ~5 times slower; the binary format needs the columns' exact types, which an empty SELECT of
    them reports."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows, keys = itertools.chain([first], rows), list(first)
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        statement = insert(table).compile(dialect=connection.dialect, column_keys=keys)
        values = processed(table, rows, statement.positiontup, connection)
        while batch := list(itertools.islice(values, LOOKUP_CHUNK)):  # a few thousand rows in memory at once
            connection.exec_driver_sql(statement.string, batch)
        return
    quote = connection.dialect.identifier_preparer
    names = ", ".join(quote.quote(key) for key in keys)
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute(f"SELECT {names} FROM {quote.format_table(table)} LIMIT 0")  # noqa: S608 - names from metadata
    types = [column.type_code for column in cursor.description]
    with cursor.copy(f"COPY {quote.format_table(table)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for values in processed(table, rows, keys, connection):
            copy.write_row(values)


def processed(table: Table, rows: Iterable[dict], keys: list[str], connection) -> Iterator[tuple]:
    """Each row's values of `keys`, through the columns' bind processing, as the driver takes them."""
    processors = [(key, table.c[key].type.bind_processor(connection.dialect)) for key in keys]
    for row in rows:
        yield tuple(process(row[key]) if process else row[key] for key, process in processors)


def update_partners(changes: list[tuple[PartnerRecord, PartnerRecord]]) -> None:
    """Write the records that differ from what was read (`(before, after)` pairs): the partner row when a
    column changed (its `updated_at` is then set by the column's onupdate, as the ORM would) and the goals
    added or taken away."""
    rows = [{"partner_id": after.id, **{key: getattr(after, key) for key in UPDATED}}
            for before, after in changes if any(getattr(before, key) != getattr(after, key) for key in UPDATED)]
    if rows:
        db.session.execute(update(PARTNERS).where(PARTNERS.c.id == bindparam("partner_id")), rows)
    removed = [{"partner_id": after.id, "old_goal": goal} for before, after in changes
               for goal in set(before.goals) - set(after.goals)]
    if removed:
        db.session.execute(delete(GOALS).where(GOALS.c.partner_id == bindparam("partner_id"),
                                               GOALS.c.goal == bindparam("old_goal")), removed)
    insert_goals([(after.id, goal) for before, after in changes
                  for goal in sorted(set(after.goals) - set(before.goals))])


def insert_goals(pairs: list[tuple[int, int]]) -> None:
    insert_rows(GOALS, [{"partner_id": partner_id, "goal": goal} for partner_id, goal in pairs])


def insert_status_changes(changes: list[dict]) -> None:
    """Add lifecycle history rows (PartnerStatusChange's columns; `partner` a record, whose id is read now, after
    new partners were inserted)."""
    insert_rows(HISTORY, [{key: value for key, value in change.items() if key != "partner"}
                          | {"partner_id": change["partner"].id} for change in changes])
