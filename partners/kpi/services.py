"""Indicators over time: each one's series of actuals (entered by staff, else computed from the data at the end
of each year), its latest actual and achievement rate. Pages, the sheet and the commands all read these."""

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.kpi.computed import COMPUTATIONS
from partners.kpi.models import Indicator, IndicatorActual, Period
from partners.kpi.rates import achievement_rate

PARTICIPATION = "partners_participation"  # the code of the partners participation indicator (the sheet's first row)


@dataclass(frozen=True)
class Point:
    as_of: date
    value: Decimal
    source_note: str = ""  # empty for a computed value

    @property
    def computed(self) -> bool:
        return not self.source_note


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    points: list[Point]

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    def latest_by(self, day: date) -> Point | None:
        return next((point for point in reversed(self.points) if point.as_of <= day), None)

    def achievement(self, point: Point | None) -> int | None:
        if point is None:
            return None
        try:
            return achievement_rate(self.indicator.baseline_value, point.value, self.indicator.target_value)
        except ValueError:
            return None

    @property
    def latest_achievement(self) -> int | None:
        return self.achievement(self.latest)


def indicators(public_only: bool = False) -> list[Indicator]:
    query = select(Indicator).order_by(Indicator.position, Indicator.id)
    if public_only:
        query = query.where(Indicator.is_public.is_(True))
    return list(db.session.scalars(query))


def period_end(indicator: Indicator, year: int) -> date:
    """The day an indicator's actual for `year` is taken: 31 December, or 31 March of the fiscal year's end."""
    return date(year, 12, 31) if indicator.period == Period.CALENDAR else date(year + 1, 3, 31)


def series_days(indicator: Indicator, today: date) -> list[date]:
    """The ends of the years after the baseline's, up to today, and today itself when the year is under way."""
    days = []
    year = indicator.baseline_on.year
    while (day := period_end(indicator, year)) <= today:
        if day > indicator.baseline_on:
            days.append(day)
        year += 1
    if today > indicator.baseline_on and (not days or days[-1] != today):
        days.append(today)
    return days


def series(indicator: Indicator, today: date | None = None) -> Series:
    """Entered actuals as entered, and for a computed indicator its value at each of `series_days` that has no
    entered figure."""
    today = today or local_today()
    points = {actual.as_of: Point(actual.as_of, actual.value, actual.source_note)
              for actual in indicator.actuals if actual.as_of <= today}
    computation = COMPUTATIONS.get(indicator.computed or "")
    if computation is not None:
        for day in series_days(indicator, today):
            if day not in points and (value := computation(day)) is not None:
                points[day] = Point(day, value)
    return Series(indicator, [points[day] for day in sorted(points)])


def latest_point(indicator: Indicator, today: date | None = None) -> Point | None:
    """`series(indicator, today).latest` without computing the earlier years: the last day of the series
    with a value (one computation, as a rule)."""
    today = today or local_today()
    entered = {actual.as_of: actual for actual in indicator.actuals if actual.as_of <= today}
    computation = COMPUTATIONS.get(indicator.computed or "")
    days = set(entered) | (set(series_days(indicator, today)) if computation is not None else set())
    for day in sorted(days, reverse=True):
        if day in entered:
            return Point(day, entered[day].value, entered[day].source_note)
        if (value := computation(day)) is not None:
            return Point(day, value)
    return None


@dataclass(frozen=True)
class Headline:
    """An indicator's latest actual against its target, as the public KPI page shows it."""

    indicator: Indicator
    latest: Point
    achievement: int | None


def headline(code: str) -> Headline | None:
    """The public indicator `code` with its latest actual and achievement rate; None when it is not public or
    has no actual yet. Two queries and the indicator's computation."""
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == code, Indicator.is_public.is_(True)))
    point = _recent_latest_point(indicator) if indicator is not None else None
    if point is None:
        return None
    return Headline(indicator, point, Series(indicator, [point]).latest_achievement)


# The home page shows the headline on every view; computing the participation rate reads a year of activity
# (tens to hundreds of milliseconds at a million reports). Each app server keeps the figure for
# KPI_HEADLINE_CACHE_SECONDS (derived data; the staff KPI page always computes afresh).
_recent_points: dict[tuple, tuple[float, Point | None]] = {}


def _recent_latest_point(indicator: Indicator) -> Point | None:
    seconds = current_app.config.get("KPI_HEADLINE_CACHE_SECONDS", 0)
    if not seconds:
        return latest_point(indicator)
    key = (id(current_app._get_current_object()), indicator.id, local_today())
    now = time.monotonic()
    kept = _recent_points.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    if len(_recent_points) > 256:
        _recent_points.clear()
    point = latest_point(indicator)
    _recent_points[key] = (now, point)
    return point


def all_series(public_only: bool = False) -> list[Series]:
    today = local_today()
    return [series(indicator, today) for indicator in indicators(public_only)]


def localised(indicator: Indicator, field: str) -> str:
    """`name`, `initiative` or `unit` in the page's language (Japanese unless English is chosen)."""
    language = get_locale().language if get_locale() else "ja"
    return getattr(indicator, f"{field}_en" if language == "en" else f"{field}_ja")


def enter_actual(indicator: Indicator, as_of: date, value: Decimal, source_note: str, actor: User) -> IndicatorActual:
    """Record (or correct) the figure for `as_of`; it stands instead of any computation on that day."""
    actual = next((actual for actual in indicator.actuals if actual.as_of == as_of), None)
    if actual is None:
        actual = IndicatorActual(as_of=as_of)
        indicator.actuals.append(actual)
    actual.value, actual.source_note, actual.entered_by_id = value, source_note, actor.id
    db.session.flush()
    record(actor, "kpi.enter_actual", "kpi_indicator", indicator.id)
    return actual


def remove_actual(indicator: Indicator, actual_id: int, actor: User) -> bool:
    actual = next((actual for actual in indicator.actuals if actual.id == actual_id), None)
    if actual is None:
        return False
    indicator.actuals.remove(actual)
    record(actor, "kpi.remove_actual", "kpi_indicator", indicator.id)
    return True
