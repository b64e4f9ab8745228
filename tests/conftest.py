"""Fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set), a real SMTP server on
loopback, and one app per worker with empty tables for each test. Each xdist worker gets its own database
(SQLite file or PostgreSQL schema)."""

import copy
import os
import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, event, exists, func, literal, select, text, union_all
from sqlalchemy.engine import Engine

from config import TestConfig, normalise_database_url
from partners import create_app
from partners.core.database import dispose_engines
from partners.extensions import db as _db
from partners.extensions import limiter
from partners.outbox.services import send_pending
from tests import factories

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
# The process id keeps two test runs on one PostgreSQL server (two developers, or CI) out of each other's way.
WORKER = f'{os.environ.get("PYTEST_XDIST_WORKER", "main")}_{os.getpid()}'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_schema_url(base_url: str, schema: str) -> str:
    """Point every connection at its own schema, so parallel workers never see each other's rows. Commits do not
    wait for the disk (`synchronous_commit=off`): a test database need not survive a crash, and waiting for
    the WAL to be flushed was a good part of the suite's time on PostgreSQL."""
    url = normalise_database_url(base_url)
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema} -csynchronous_commit=off')}"


def fresh_postgres_schema(schema: str) -> str:
    engine = create_engine(normalise_database_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return postgres_schema_url(POSTGRES_URL, schema)


def drop_postgres_schemas() -> None:
    engine = create_engine(normalise_database_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for (schema,) in connection.execute(
            text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix"), {"prefix": f"pytest_{WORKER}%"}
        ):
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    yield fresh_postgres_schema(f"pytest_{WORKER}")
    drop_postgres_schemas()


@pytest.fixture(scope="session")
def empty_database_url(tmp_path_factory):
    """A second, empty database for tests that build the schema themselves (migrations)."""
    def make(name: str) -> str:
        if POSTGRES_URL:
            return fresh_postgres_schema(f"pytest_{WORKER}_{name}")
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'empty.db'}"
    return make


class Mailbox:
    """Collects what a real SMTP server on loopback receives."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def clear(self):
        self.messages.clear()


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(scope="session")
def _schema(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def _worker_app(_schema, database_url, smtp_server):
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, MAIL_PORT=smtp_server.port)


@pytest.fixture
def app(_worker_app, smtp_server):
    """The worker's app, with the configuration it was made with and empty tables. One app serves every test of
    a worker: making one compiles every URL rule, a tenth of a second of each test. Tests that need other
    settings change `app.config` (restored afterwards) or make their own with `make_app`.

    No app context stays pushed during a test: each request gets its own, as in production (a shared one
    would carry Flask-Login's and Flask-Babel's per-request caches from one request to the next). Tests that
    read or write the database directly do so inside `with app.app_context():`."""
    settings = copy.deepcopy(dict(_worker_app.config))
    smtp_server.handler.clear()
    yield _worker_app
    with _worker_app.app_context():
        empty_all_tables()
        dispose_engines()
    _worker_app.config.clear()
    _worker_app.config.update(settings)


@pytest.fixture
def make_app(_worker_app, database_url):
    """Another app on the test database with other settings; its connections are closed afterwards."""
    made = []

    def make(config=TestConfig, **overrides):
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", database_url)
        made.append(create_app(config, **overrides))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            dispose_engines()
    if made:
        # Flask-Limiter's limiter is one object for every app, and making an app points it at that app's counter
        # storage: point it back at the worker app's, which the tests empty, or the tests after one that made an
        # app on Redis kept counting there (nothing empties it) and a later login could be refused.
        limiter.init_app(_worker_app)


def empty_all_tables() -> None:
    """Delete the rows a test left, from the tables that have any (one query finds them), children first, and
    restart their ids on PostgreSQL. A test writes to a handful of tables; TRUNCATE of all of them (and the
    tables it cascades to) took a third of a second of file work per test, DELETE of the used few a few ms."""
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as connection:
        probe = union_all(*(select(literal(table.name)).where(exists().select_from(table)) for table in tables))
        used = [table for table in tables if table.name in set(connection.scalars(probe))]
        for table in used:
            connection.execute(table.delete())
        counters = [table for table in used if table.autoincrement_column is not None]
        if counters and connection.dialect.name == "postgresql":
            connection.execute(select(*(
                func.setval(func.pg_get_serial_sequence(f'"{table.name}"', table.autoincrement_column.name), 1, False)
                for table in counters)))


@pytest.fixture
def db(app):
    """The database inside an app context, for tests that work below HTTP (services, CLI checks)."""
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app, smtp_server):
    """Deliver pending mail through SMTP and return what arrived."""

    class Outbox:
        @property
        def received(self) -> list[EmailMessage]:
            return smtp_server.handler.messages

        def deliver(self) -> list[EmailMessage]:
            before = len(self.received)
            with app.app_context():
                send_pending()
            return self.received[before:]

        def deliver_one(self, to: str | None = None) -> EmailMessage:
            messages = self.deliver()
            if to:
                messages = [m for m in messages if m["To"] == to]
            assert len(messages) == 1, [m["Subject"] for m in messages]
            return messages[0]

    return Outbox()


def count_queries(app, client, path: str) -> int:
    """How many SQL statements one GET of `path` runs (it must answer 200): list pages assert this stays the
    same however many rows they show."""
    statements = []

    def count(*_args):
        statements.append(1)

    # Every engine's: public pages read through a pool of their own on PostgreSQL (partners.core.database).
    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return len(statements)


def link_in(message: EmailMessage, path_part: str) -> str:
    """The first link in the plain-text part of `message` whose path contains `path_part`."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://[^\s]*{re.escape(path_part)}[^\s]*", body)
    assert match, body
    return match.group(0)


# A page that gives a visitor a form token: a visitor's other pages carry none (they set no session).
VISITOR_TOKEN_PAGE = "/accounts/login"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in page"
    return match.group(1)


class Browser:
    """Submits forms the way a browser does: fetch the page, take its CSRF token, post."""

    def __init__(self, client):
        self.client = client

    def submit(self, page: str, data: dict, action: str | None = None, **kwargs):
        token = csrf_token(self.client.get(page).get_data(as_text=True))
        return self.client.post(action or page, data={"csrf_token": token, **data}, **kwargs)

    def choose_language(self, language: str, page: str = "/", next_path: str | None = None):
        """Press a language button of `page`'s switch: a visitor's is a GET form, a signed-in person's a POST form
        with its CSRF token."""
        html = self.client.get(page).get_data(as_text=True)
        method, action = re.search(r'<form method="(get|post)" action="([^"]+)" class="language-switch">',
                                   html).groups()
        data = {"language": language, "next": next_path or page}
        if method == "post":
            return self.client.post(action, data={"csrf_token": csrf_token(html), **data})
        return self.client.get(action, query_string=data)

    def login(self, email: str, password: str = factories.PASSWORD, **kwargs):
        return self.submit("/accounts/login", {"email": email, "password": password}, **kwargs)

    def logout(self):
        """Press "Log out"; a visitor has no such button (and their pages no form token), so nothing happens."""
        html = self.client.get("/").get_data(as_text=True)
        if 'action="/accounts/logout"' not in html:
            return None
        return self.client.post("/accounts/logout", data={"csrf_token": csrf_token(html)})


@pytest.fixture
def browser(client) -> Browser:
    return Browser(client)
