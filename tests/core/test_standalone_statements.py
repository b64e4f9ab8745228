"""Statements that need no transaction (partners.core.database): the signed-in person's read and a write that
stands alone. On PostgreSQL they run in autocommit on a pool of their own; the write is committed at once,
whatever becomes of the request's own transaction."""

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import event, func, select, text

from config import normalise_database_url
from partners.accounts.models import Role
from partners.audit.models import AuditEntry
from partners.audit.services import ENTRY, entry
from partners.core.database import AUTOCOMMIT, write_alone
from partners.extensions import db
from tests.conftest import POSTGRES_URL
from tests.events.test_public_reads import transaction_states
from tests.factories import gen_user


def audit_count(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def test_a_write_that_stands_alone_is_kept_when_the_request_rolls_back(app):
    with app.test_request_context():
        write_alone(ENTRY, entry(None, "test.alone", "partner", None))
        db.session.execute(ENTRY, entry(None, "test.in-request", "partner", None))
        db.session.rollback()
    assert audit_count(app, "test.alone") == 1
    assert audit_count(app, "test.in-request") == 0


def test_a_write_that_stands_alone_commits_nothing_the_session_holds(app):
    """The session's changes not yet flushed are neither written with it nor lost by it."""
    with app.test_request_context():
        pending = AuditEntry(action="test.pending", target_type="partner")
        db.session.add(pending)
        write_alone(ENTRY, entry(None, "test.alone", "partner", None))
        assert pending in db.session.new
        db.session.rollback()
    assert audit_count(app, "test.alone") == 1
    assert audit_count(app, "test.pending") == 0


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite's driver begins no transaction for reading")
def test_the_staff_list_reads_the_person_and_writes_its_entry_in_one_statement_outside_a_transaction(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    transaction_states(app, browser.client, "/staff/partners")  # draws the page and keeps it
    checkouts = []

    def count(*_args):
        checkouts.append(1)

    pool = app.extensions[AUTOCOMMIT].pool
    event.listen(pool, "checkout", count)
    try:  # a kept page: the person's read, which writes the audit entry, is all it asks
        states = transaction_states(app, browser.client, "/staff/partners")
    finally:
        event.remove(pool, "checkout", count)
    assert states == [TransactionStatus.IDLE]
    assert len(checkouts) == 1
    assert audit_count(app, "partner.list") == 2


@pytest.mark.skipif(not POSTGRES_URL, reason="a setting of PostgreSQL")
def test_only_the_pool_of_standalone_statements_commits_without_waiting_for_the_disk(make_app):
    """On a database as production has it (the tests' own commit without waiting, to run faster)."""
    production_like = make_app(SQLALCHEMY_DATABASE_URI=normalise_database_url(POSTGRES_URL))
    with production_like.app_context():
        assert db.session.scalar(text("SHOW synchronous_commit")) == "on"
        with production_like.extensions[AUTOCOMMIT].connect() as connection:
            assert connection.scalar(text("SHOW synchronous_commit")) == "off"
