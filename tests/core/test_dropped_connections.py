"""A pooled PostgreSQL connection that the server has closed (a restart, an administrator ending it, an idle
timeout) is replaced before a request uses it: the person sees their page, not an error."""

import pytest
from sqlalchemy import create_engine, text

from config import normalise_database_url
from partners.core.database import AUTOCOMMIT
from partners.extensions import db
from tests.conftest import POSTGRES_URL
from tests.events.factories import gen_event

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="a SQLite file has no server to hang up")


def server_process_ids(app, engine: str) -> set[int]:
    """The PostgreSQL backends of the connections one of the app's pools holds: the session's ("session") or
    the autocommit one the public pages read through (AUTOCOMMIT)."""
    with app.app_context():
        pool = (db.engine if engine == "session" else app.extensions[AUTOCOMMIT]).pool
        return {record.dbapi_connection.info.backend_pid for record in list(pool._pool.queue)}


def end_backends(pids: set[int]) -> None:
    engine = create_engine(normalise_database_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for pid in pids:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar()
    engine.dispose()


@pytest.mark.parametrize(("page", "engine"), [("/events/{id}", AUTOCOMMIT), ("/", "session")])
def test_a_connection_the_server_ended_is_replaced_before_a_request_uses_it(app, client, page, engine):
    path = page.format(id=gen_event(app).id)
    assert client.get(path).status_code == 200
    pids = server_process_ids(app, engine)
    assert pids
    end_backends(pids)
    assert client.get(path).status_code == 200
    assert server_process_ids(app, engine).isdisjoint(pids)
