"""Rate-limit counters in the application's own database, so that several app servers share them with nothing
but the database (`RATELIMIT_STORAGE_URI = "database://"`, the default). A city with Redis sets
`RATELIMIT_STORAGE_URI=redis://…` instead; Flask-Limiter then uses its own Redis storage.

The counters are written on a connection of their own, committed at once: a request that fails afterwards has
still used its attempt."""

from datetime import UTC, datetime, timedelta

from flask import Flask
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from partners.core.models import RateLimitCounter
from partners.core.timeutil import utcnow
from partners.extensions import db, limiter

UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class DatabaseStorage(Storage):
    """Fixed-window counters (Flask-Limiter's default strategy) in the `rate_limit_counters` table."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` more in the key's window, starting a new window when the old one has ended."""
        now = utcnow()
        table = RateLimitCounter.__table__
        expired = table.c.expires_at <= now
        insert = UPSERTS[db.engine.dialect.name](table).values(
            key=key, count=amount, expires_at=now + timedelta(seconds=expiry)
        )
        statement = insert.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": case((expired, insert.excluded.count), else_=table.c.count + amount),
                "expires_at": case((expired, insert.excluded.expires_at), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.expires_at <= now - timedelta(hours=1)))
            return connection.execute(statement).scalar_one()

    def _live(self, key: str):
        """The key's count and expiry while its window lasts, else None."""
        with db.engine.connect() as connection:
            return connection.execute(
                select(RateLimitCounter.count, RateLimitCounter.expires_at)
                .where(RateLimitCounter.key == key, RateLimitCounter.expires_at > utcnow())
            ).first()

    def get(self, key: str) -> int:
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return (row.expires_at if row else datetime.now(UTC)).timestamp()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


def check_limits_only_where_declared(app: Flask) -> None:
    """Drop the check Flask-Limiter runs before every request, when there is nothing for it to check.

    Our limits are declared on the routes they limit (`limiter.limit`, `mail_limits`) or counted where a view
    asks (`limiter.shared_limit` as a context manager), and each of those checks itself when its route runs. The
    check before every request applies only application-wide, default, blueprint and meta limits (and the
    in-memory fallback), of which we declare none: it resolved an empty list for every page, a seventh of a
    health check's time. Called once every blueprint is registered; should any such limit be declared, the
    check stays. (An app made with rate limits switched off has no such check.)"""
    manager = limiter.limit_manager
    checks = app.before_request_funcs[None]
    if (limiter._check_request_limit not in checks or manager._application_limits or manager._default_limits
            or manager._blueprint_limits or limiter._meta_limits or limiter._in_memory_fallback_enabled):
        return
    checks.remove(limiter._check_request_limit)
