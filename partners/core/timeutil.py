"""Times are timezone-aware UTC in the database and shown in the programme's time zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_date(moment: datetime) -> date:
    """The calendar date of `moment` in the programme's time zone (Asia/Tokyo)."""
    return moment.astimezone(local_zone()).date()


def local_today() -> date:
    return local_date(utcnow())


def start_of_local_day(day: date) -> datetime:
    """Midnight at the start of `day` in the programme's time zone, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=local_zone()).astimezone(UTC)
