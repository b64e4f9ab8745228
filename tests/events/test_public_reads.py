"""The public events pages only read: on PostgreSQL they run each statement outside a transaction, on a pool of
their own, which spares the BEGIN and ROLLBACK round trips and lets the connection keep its prepared statements
between requests."""

from datetime import timedelta

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from partners.core.database import AUTOCOMMIT
from tests.conftest import POSTGRES_URL
from tests.events.factories import gen_event

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="SQLite's driver begins no transaction for reading")


def transaction_states(app, client, path: str) -> list[TransactionStatus]:
    """The connection's transaction state after each statement of one GET of `path` (on whichever engine)."""
    states = []

    def record(connection, *_args):
        states.append(connection.connection.dbapi_connection.info.transaction_status)

    event.listen(Engine, "after_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(Engine, "after_cursor_execute", record)
    return states


@pytest.mark.parametrize("page", ["/events/", "/events/past", "/events/{id}"])
def test_a_public_events_page_reads_outside_a_transaction(app, client, page):
    published = gen_event(app)
    states = transaction_states(app, client, page.format(id=published.id))
    assert states and all(state == TransactionStatus.IDLE for state in states)


@pytest.mark.parametrize("page", ["/events/", "/events/past", "/events/{id}"])
def test_a_public_events_page_is_planned_once_and_not_on_every_request(app, client, page):
    """PostgreSQL plans a prepared statement for its parameters five times, then keeps a generic plan when that
    looks no worse. A list whose page bounds were parameters never got one: it was planned on every request."""
    published = gen_event(app)
    gen_event(app, starts_in=-timedelta(days=30))
    for _ in range(12):
        assert client.get(page.format(id=published.id)).status_code == 200
    with app.app_context(), app.extensions[AUTOCOMMIT].connect() as connection:  # the pool the public pages read from
        plans = connection.execute(text(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE 'SELECT events.id%'"
        )).all()
    assert plans and all(generic > 0 for generic, _custom in plans), plans
