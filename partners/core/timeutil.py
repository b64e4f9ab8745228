"""Times are timezone-aware UTC in the database and shown in the programme's time zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _


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


EARLIEST_DATE = date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date() -> date:
    """The last date anybody can mean: ten years from today (29 February falls back to the 28th)."""
    today = local_today()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_range_problem(day: date) -> str | None:
    """Why `day` is refused (in the user's language), or None. A date far outside the programme's life is a
    typing mistake, and near the ends of the calendar the time-zone arithmetic would overflow."""
    last = latest_date()
    if EARLIEST_DATE <= day <= last:
        return None
    return _("Enter a date between %(first)s and %(last)s.", first=EARLIEST_DATE.isoformat(), last=last.isoformat())
