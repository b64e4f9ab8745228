"""While one person holds a long write (a big import), everybody else can still read, and a write that cannot
wait any longer gets a "try again" page instead of a 500."""

import sqlite3
import threading

import pytest
from sqlalchemy import select, text

from partners.accounts.models import User
from partners.extensions import db
from tests.conftest import POSTGRES_URL, csrf_token
from tests.factories import gen_partner, gen_user

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's locking; PostgreSQL readers never wait")


class OtherWriter:
    """Another process's import in the middle of its transaction: it holds SQLite's write lock."""

    def __init__(self, path: str):
        self.connection = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)

    def hold(self):
        self.connection.execute("BEGIN EXCLUSIVE")
        self.connection.execute(
            "INSERT INTO audit_entries (action, target_type, at) VALUES ('import', 'partner', '2026-01-01')")

    def release(self):
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


@pytest.fixture
def other_writer(database_url):
    writer = OtherWriter(database_url.removeprefix("sqlite:///"))
    yield writer
    writer.release()
    writer.connection.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_readers_do_not_wait_for_a_long_write_and_writers_get_a_friendly_page(make_app, browser, other_writer):
    app = make_app(SQLITE_BUSY_TIMEOUT_SECONDS=0.2)
    owner = gen_user(app, email="owner@example.jp", locale="ja")
    gen_partner(app, owner=owner, name="里山の会 花子")
    browser.client = app.test_client()
    browser.login("owner@example.jp")
    page_with_form = browser.client.get("/members/mine").get_data(as_text=True)
    other_writer.hold()

    page = browser.client.get("/members/mine")
    assert page.status_code == 200 and "里山の会 花子" in page.get_data(as_text=True)

    response = browser.client.post("/language", data={"language": "en", "next": "/",
                                                      "csrf_token": csrf_token(page_with_form)})
    assert response.status_code == 503
    assert "Nothing you entered was saved" in response.get_data(as_text=True)
    other_writer.release()
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == "owner@example.jp")) == "ja"


def test_a_writer_waits_briefly_for_another_and_then_saves(make_app, browser, other_writer):
    """The busy timeout: the other import finishes within it, so the person's change is saved, not refused."""
    app = make_app(SQLITE_BUSY_TIMEOUT_SECONDS=10)
    gen_user(app, email="owner@example.jp", locale="ja")
    browser.client = app.test_client()
    browser.login("owner@example.jp")
    token = csrf_token(browser.client.get("/members/mine").get_data(as_text=True))
    other_writer.hold()
    finishing = threading.Timer(0.5, other_writer.release)
    finishing.start()

    response = browser.client.post("/language", data={"language": "en", "next": "/", "csrf_token": token})
    finishing.join()
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == "owner@example.jp")) == "en"
