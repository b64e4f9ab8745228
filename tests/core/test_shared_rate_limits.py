"""Rate limits hold across app servers: two app instances (two servers behind a load balancer) share one count,
in the database by default and in Redis where a city configures it."""

import os
import uuid

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - any failure means there is no Redis to test against
        return False


def storages():
    yield pytest.param("database://", id="database")
    needed = bool(os.environ.get("REQUIRE_REDIS"))
    yield pytest.param(REDIS_URL, id="redis", marks=pytest.mark.skipif(
        not needed and not redis_reachable(), reason="no Redis on 127.0.0.1:6379 (CI requires it)"))


@pytest.mark.parametrize("storage_uri", list(storages()))
def test_two_app_servers_share_the_login_limit(app, make_app, storage_uri):
    settings = {"RATELIMIT_STORAGE_URI": storage_uri, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
                "LOGIN_RATE_LIMIT": "4 per minute", "WTF_CSRF_ENABLED": False}
    servers = [make_app(**settings).test_client(), make_app(**settings).test_client()]
    answers = [servers[attempt % 2].post("/accounts/login", data={"email": "x@example.jp", "password": "wrong"})
               for attempt in range(6)]
    assert [response.status_code for response in answers] == [200, 200, 200, 200, 429, 429]
