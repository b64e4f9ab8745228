"""Times are timezone-aware UTC in the database and shown in the programme's time zone."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
