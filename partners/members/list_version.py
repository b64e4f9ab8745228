"""The partner lists' version: a value the database changes whenever anything a list of partners shows may have
changed, so that a list page, its counts and its search can be kept under it and asked for again without a
search (partners/core/fragments.py).

A list page at 100,000 partners spent 9–16 ms of CPU on its search, its counts and loading its 50 partners, where
a bare Flask page of the same cells takes under 1 ms; reading this one row costs a primary-key lookup.

Triggers on every table a list reads (partners, their goals, status history and search index) write the version,
so no code path can change a partner without it: the ORM, bulk imports, erasure and raw SQL alike. The new value
is random rather than the old one plus one, so that a value never comes back — not after a database is restored
from a backup, nor after the tests empty every table — and a page kept under it can never be mistaken for
another state of the data.

- SQLite has a single writer, so its triggers write the row directly (about 5 µs a written row: ~2 s on an import
  of 100,000 partners).
- PostgreSQL: writing the row as each statement runs would hold its lock until the transaction ends, making every
  transaction that touches a partner wait for any other (a long import for minutes), and two of them could
  deadlock on it. So the triggers are deferred to the commit, and only the first one of a transaction writes
  (a transaction-local setting remembers it).

The version is written in the same transaction as the change, so a reader that sees the new version then reads
the new data; one that read the old version may keep a page made of newer data under it, which only those who
read the old version before the commit can still ask for."""

from sqlalchemy import DDL, BigInteger, event, select
from sqlalchemy.orm import Mapped, mapped_column

from partners.extensions import db

WATCHED_TABLES = ("partners", "partner_goals", "partner_status_changes", "partner_search_docs")
ROW_ID = 1


class PartnerListVersion(db.Model):
    """One row (id 1), written by the database's triggers only."""

    __tablename__ = "partner_list_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)


CURRENT = select(PartnerListVersion.value).where(PartnerListVersion.id == ROW_ID)
# The same, for a statement that reads it beside its own columns (the staff list reads it with the person).
CURRENT_VALUE = CURRENT.scalar_subquery()


def current() -> int | None:
    """The lists' version now; None in a database where no partner was ever written.

    Run on the session's connection, past the ORM's handling of a query (which costs as much again as the
    statement: 0.06 ms of CPU on SQLite, 0.1 ms on PostgreSQL); the row is no object the session keeps."""
    return db.session.connection().execute(CURRENT).scalar()


# The row is ROW_ID's.
SQLITE_WRITE = ("INSERT INTO partner_list_version (id, value) VALUES (1, random()) "
                "ON CONFLICT (id) DO UPDATE SET value = excluded.value")
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION partner_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('partners.lists_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('partners.lists_changed', 'yes', true);
        INSERT INTO partner_list_version (id, value)
        VALUES (1, floor((random() - 0.5) * 1.8e19)::bigint)
        ON CONFLICT (id) DO UPDATE SET value = excluded.value;
    END IF;
    RETURN NULL;
END $$"""
POSTGRES_DROP_FUNCTION = "DROP FUNCTION IF EXISTS partner_lists_changed()"
OPERATIONS = {"ai": "INSERT", "au": "UPDATE", "ad": "DELETE"}


def sqlite_triggers(table: str) -> list[str]:
    return [f"CREATE TRIGGER {table}_list_version_{suffix} AFTER {operation} ON {table} BEGIN {SQLITE_WRITE}; END"
            for suffix, operation in OPERATIONS.items()]


def postgres_trigger(table: str) -> str:
    return (f"CREATE CONSTRAINT TRIGGER {table}_list_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION partner_lists_changed()")


def create_statements(dialect: str) -> list[str]:
    """What makes the triggers on `dialect` (the migration runs the same)."""
    if dialect == "postgresql":
        return [POSTGRES_FUNCTION, *map(postgres_trigger, WATCHED_TABLES)]
    return [statement for table in WATCHED_TABLES for statement in sqlite_triggers(table)]


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [*(f"DROP TRIGGER IF EXISTS {table}_list_version ON {table}" for table in WATCHED_TABLES),
                POSTGRES_DROP_FUNCTION]
    return [f"DROP TRIGGER IF EXISTS {table}_list_version_{suffix}" for table in WATCHED_TABLES
            for suffix in OPERATIONS]


# `create_all` (tests, `make run`'s first start goes through the migrations instead): once every table exists.
for _dialect in ("sqlite", "postgresql"):
    for _statement in create_statements(_dialect):
        event.listen(db.metadata, "after_create", DDL(_statement).execute_if(dialect=_dialect))
event.listen(db.metadata, "after_drop", DDL(POSTGRES_DROP_FUNCTION).execute_if(dialect="postgresql"))
