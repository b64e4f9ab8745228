"""Connection settings that SQLite needs to behave like the production engine.

SQLite enforces foreign keys only when asked on each connection; without it, deleting an account left rows that
pointed at its id. WAL lets readers go on while one person imports;
the driver's busy timeout (SQLITE_BUSY_TIMEOUT_SECONDS) makes a writer wait briefly for another instead of failing
at once."""

import select
import sqlite3

import psycopg
from flask import Flask, current_app, g
from sqlalchemy import Row, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, scoped_session

from partners.extensions import db

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


AUTOCOMMIT = "partners.autocommit"  # app.extensions: the engine of statements that run on their own (None on SQLite)


def register_autocommit_pool(app: Flask) -> None:
    """On PostgreSQL, a second pool of connections, in autocommit from the moment each connects, for statements
    that need no transaction around them: the reads of the pages anyone may see and of the signed-in person
    (`read_rows`), and a write that stands alone (`write_alone`). It doubles how many connections an app server
    may hold (two pools of the same settings): size PostgreSQL's max_connections for it."""
    with app.app_context():
        main = db.engine
    if main.dialect.name == "sqlite":
        app.extensions[AUTOCOMMIT] = None
        return
    engine = create_engine(main.url, isolation_level="AUTOCOMMIT", **app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    event.listen(engine, "connect", _commit_without_waiting_for_the_disk)
    app.extensions[AUTOCOMMIT] = engine
    app.teardown_appcontext(_return_standalone_connection)


STANDALONE = "partners_standalone_connection"  # in flask.g: the request's connection of the autocommit pool


def _standalone_connection(engine):
    """The request's connection of the autocommit pool, taken on first use and given back when the request
    ends: a signed-in page reads the person and may write an entry, one checkout for both."""
    connection = g.get(STANDALONE)
    if connection is None:
        connection = engine.connect()
        setattr(g, STANDALONE, connection)
    return connection


def _return_standalone_connection(_error) -> None:
    connection = g.pop(STANDALONE, None)
    if connection is not None:
        connection.close()


def _commit_without_waiting_for_the_disk(dbapi_connection, _connection_record) -> None:
    """What this pool writes stands alone and is recorded for the record's sake (a look at the staff list), so it
    does not wait for the write-ahead log to reach the disk: an app server waited 0.35 ms for it on every
    staff list page. PostgreSQL's asynchronous commit keeps the database consistent; a crash of the database
    server (not of the app) may lose the last fraction of a second of such entries."""
    dbapi_connection.execute("SET synchronous_commit = off")


def read_rows(statement, parameters: dict) -> list[Row]:
    """The plain rows of a read that needs no transaction (a page anyone may see, the signed-in person), run
    outside any transaction, without the ORM.

    On PostgreSQL each statement runs on its own, on a connection of the autocommit pool (`register_autocommit_pool`):
    READ COMMITTED takes a fresh snapshot for every statement either way, and there are no BEGIN and ROLLBACK
    round trips around it. A connection kept out of transactions also keeps the statements psycopg prepared
    (on their fifth run; a ROLLBACK makes it forget them all), so PostgreSQL plans a page's statement once per
    connection, not on every request. Its own pool spares the request the ORM session and switching a
    connection of the session's pool to autocommit and back, a tenth of a public event page's time. A request
    takes one connection of it for all its statements there (`_standalone_connection`).
    On SQLite, whose driver begins no transaction for reading, the session's connection runs it."""
    engine = current_app.extensions[AUTOCOMMIT]
    if engine is None:
        return db.session.connection().execute(statement, parameters).all()
    return _standalone_connection(engine).execute(statement, parameters).all()


def write_alone(statement, parameters: dict) -> list[Row]:
    """Run one statement that writes and commit it at once, apart from the session's transaction: for a write
    that stands alone on a page that writes nothing else (the audit entry of a look at the staff list). On
    PostgreSQL it runs on the autocommit pool: one round trip where BEGIN, the statement and COMMIT were three.
    On SQLite, when the session holds no changes, its own connection runs it and its transaction is ended at once,
    keeping what it loaded (the signed-in person): a connection of its own cost a checkout and a transaction of
    its own on every kept staff list. Otherwise it runs on a connection of its own, so it must not
    follow a write of the session's that is not committed yet: the two would wait for each other's lock. Returns
    the rows it returns (RETURNING), if any."""
    def rows(result) -> list[Row]:
        return result.all() if result.returns_rows else []

    engine = current_app.extensions[AUTOCOMMIT]
    if engine is not None:
        return rows(_standalone_connection(engine).execute(statement, parameters))
    session = db.session()
    connection = session.connection()
    # The driver opens a transaction for a write only: one open holds writes of the session's, flushed or not.
    if not (session.new or session.dirty or session.deleted or connection.connection.dbapi_connection.in_transaction):
        written = rows(connection.execute(statement, parameters))
        _end_transaction_keeping_objects(session)
        return written
    with db.engine.begin() as connection:
        return rows(connection.execute(statement, parameters))


def dispose_engines() -> None:
    """Close every pooled connection of the app (the session's pool and the autocommit one)."""
    db.engine.dispose()
    if current_app.extensions.get(AUTOCOMMIT) is not None:
        current_app.extensions[AUTOCOMMIT].dispose()


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
