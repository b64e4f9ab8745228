"""An indicator's series as an SVG line chart, laid out here and drawn by templates/kpi/_chart.html: no script,
nothing from another site, and readable without colour — the actuals are a solid line with round markers, the
target a dashed line with a square marker, the baseline a dotted line, each labelled in words."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partners.kpi.services import Series

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 110, 20, 40
NICE_STEPS = (1, 2, 2.5, 5, 10)
TICKS = 5


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    value: Decimal
    as_of: date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right_edge: float
    top: int
    bottom_edge: float
    actuals: list[Mark]
    baseline: Mark
    target: Mark
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, int]]

    @property
    def actual_path(self) -> str:
        return " ".join(f"{'M' if index == 0 else 'L'}{mark.x:.1f},{mark.y:.1f}"
                        for index, mark in enumerate([self.baseline, *self.actuals]))


def nice_step(span: float) -> float:
    raw = span / TICKS if span > 0 else 1
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    return next(step * magnitude for step in NICE_STEPS if step * magnitude >= raw)


def chart(line: Series) -> Chart:
    indicator = line.indicator
    values = [float(point.value) for point in line.points] + [float(indicator.baseline_value),
                                                              float(indicator.target_value)]
    low, high = min(0.0, min(values)), max(values)
    step = nice_step(high - low)
    low = step * (low // step)
    high = step * (high // step + 1)
    days = [point.as_of for point in line.points] + [indicator.baseline_on, indicator.target_on]
    first = date(min(days).year, 1, 1)
    last = date(max(days).year + 1, 1, 1)
    right_edge, bottom_edge = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: date) -> float:
        return LEFT + (day - first).days / (last - first).days * (right_edge - LEFT)

    def y(value) -> float:
        return bottom_edge - (float(value) - low) / (high - low) * (bottom_edge - TOP)

    def mark(day: date, value: Decimal) -> Mark:
        return Mark(x(day), y(value), value, day)

    y_ticks = []
    tick = low
    while tick <= high + step / 2:
        y_ticks.append((y(tick), f"{round(tick, 6):,g}"))
        tick += step
    years = range(first.year, last.year + 1)
    return Chart(
        width=WIDTH, height=HEIGHT, left=LEFT, right_edge=right_edge, top=TOP, bottom_edge=bottom_edge,
        actuals=[mark(point.as_of, point.value) for point in line.points],
        baseline=mark(indicator.baseline_on, indicator.baseline_value),
        target=mark(indicator.target_on, indicator.target_value),
        y_ticks=y_ticks, x_ticks=[(x(date(year, 1, 1)), year) for year in years],
    )
