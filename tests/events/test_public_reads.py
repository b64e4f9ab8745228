"""The public events pages only read: on PostgreSQL they run each statement outside a transaction, which spares
the BEGIN and ROLLBACK round trips and lets the connection keep its prepared statements between requests."""

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import event

from partners.extensions import db
from tests.conftest import POSTGRES_URL
from tests.events.factories import gen_event

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="SQLite's driver begins no transaction for reading")


def transaction_states(app, client, path: str) -> list[TransactionStatus]:
    """The connection's transaction state after each statement of one GET of `path`."""
    with app.app_context():
        engine = db.engine
    states = []

    def record(connection, *_args):
        states.append(connection.connection.dbapi_connection.info.transaction_status)

    event.listen(engine, "after_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", record)
    return states


@pytest.mark.parametrize("page", ["/events/", "/events/past", "/events/{id}"])
def test_a_public_events_page_reads_outside_a_transaction(app, client, page):
    published = gen_event(app)
    states = transaction_states(app, client, page.format(id=published.id))
    assert states and all(state == TransactionStatus.IDLE for state in states)

