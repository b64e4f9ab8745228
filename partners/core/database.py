"""Connection settings that SQLite needs to behave like the production engine.

SQLite enforces foreign keys only when asked on each connection; without it, deleting an account left rows that
pointed at its id. WAL lets readers go on while one person imports;
the driver's busy timeout (SQLITE_BUSY_TIMEOUT_SECONDS) makes a writer wait briefly for another instead of failing
at once."""

import select
import sqlite3

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, scoped_session

SQLITE_MMAP_BYTES = 1 << 30


@event.listens_for(Engine, "connect")
def configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode a commit at NORMAL is not flushed to disk until the next checkpoint: still atomic and
    # consistent, and lost only with the machine's power (never by a crash of the app), where FULL paid an
    # fsync of 0.5–2 ms on every commit (SQLite's own advice for WAL; PostgreSQL is the production engine).
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Read the file through the operating system's page cache, shared by every connection and process, instead
    # of copying pages into each connection's own 2 MB cache: a member-list page walked in 50音 order reads
    # rows all over the file (40 µs a row through read(), a few through the map).
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


@event.listens_for(Engine, "checkout")
def refuse_connection_the_server_ended(dbapi_connection, _connection_record, _connection_proxy) -> None:
    """Hand out no pooled PostgreSQL connection that the server has closed (a restart, an administrator ending
    it, an idle timeout): the pool replaces it, and the request never sees the error.

    A server that ends a connection says so on it (an error message, then the end of the stream), so an idle
    connection with anything to read has been ended; one look at the socket, without waiting, tells. SQLAlchemy's
    `pool_pre_ping` asked the server instead, a round trip before every request: on a public page that reads in
    one statement, half its round trips. Anything else unexpected to read also gets the connection replaced,
    which costs a new connection, never a wrong answer."""
    if not isinstance(dbapi_connection, psycopg.Connection):
        return
    if dbapi_connection.closed or _has_something_to_read(dbapi_connection.fileno()):
        raise DisconnectionError("the server has closed this connection")


def _has_something_to_read(descriptor: int) -> bool:
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    return bool(poller.poll(0))


def is_database_busy(error: OperationalError) -> bool:
    """SQLite's answer when another writer held the database for longer than the busy timeout."""
    return isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig)


def begin_write(session: Session) -> None:
    """End the session's transaction and start one that holds the database's write lock from its first
    statement, for a read-then-write that must not race (e.g. counting seats, then taking one).

    On SQLite a transaction that read first and writes later fails at once with SQLITE_BUSY, without waiting,
    when another writer committed in between (WAL); `BEGIN IMMEDIATE` takes the write lock up front, waiting
    up to the busy timeout. The driver (pysqlite's default transaction control) opens no transaction of its
    own while one is open, and commits or rolls back this one as usual. PostgreSQL needs no such start: there
    the caller locks the rows it counts (`SELECT … FOR UPDATE`).

    When the session holds no changes, ending its transaction keeps what it loaded (the signed-in user, say)
    instead of expiring it, which would cost a query per object touched again; what the caller must read fresh
    under the lock it selects again (see `partners.events.seats.lock_event`)."""
    if session.new or session.dirty or session.deleted or session.info.get(WROTE):
        session.commit()
    elif session.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL reads committed data statement by statement: the open transaction can go on
    else:
        _end_transaction_keeping_objects(session)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def read_without_transaction(session: Session) -> None:
    """Let the rest of a request that only reads run each statement on its own, outside a transaction, on
    PostgreSQL: it sees the same data (READ COMMITTED takes a fresh snapshot for every statement either way)
    without the BEGIN and ROLLBACK round trips around them. It also lets PostgreSQL plan the page's statements
    once per connection: psycopg prepares a statement on its fifth run, but a ROLLBACK makes it forget every
    count (and deallocate what it prepared), so a page whose every request rolled back had its statements
    parsed and planned anew each time.

    Only for a request that writes nothing through the session (a write would commit at once, alone). Does
    nothing once the session has begun (a signed-in person's request has read their session row) and on
    SQLite, whose driver begins no transaction for reading anyway."""
    real = session.registry() if isinstance(session, scoped_session) else session
    if real.in_transaction() or real.get_bind().dialect.name == "sqlite":
        return
    real.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


WROTE = "partners.wrote"  # in Session.info while the session's transaction holds flushed, uncommitted writes


@event.listens_for(Session, "after_flush")
def _remember_writes(session: Session, _context) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_writes(session: Session) -> None:
    session.info.pop(WROTE, None)


def _end_transaction_keeping_objects(session: Session) -> None:
    real = session.registry() if isinstance(session, scoped_session) else session
    keep = real.expire_on_commit
    real.expire_on_commit = False
    try:
        real.commit()
    finally:
        real.expire_on_commit = keep
