"""The results table: per application each judge's weighted total, their mean, standard deviation and count, and
the mean of per-judge z-scores; the ranking by the round's method with its declared tie-break.

Definitions (the README repeats them):
- a judge's weighted total for an application = Σ weight × score over the criteria (submitted sheets only);
- mean and standard deviation of an application's totals are over its judges (population SD: 0 for one judge);
- a judge's z-score for an application = (total − the judge's mean total) ÷ the judge's SD of totals, both over
  the applications that judge scored; a judge whose totals are all equal gives 0 to each;
- ranking: the mean z-score (or the mean total), higher first; applications tied on it (to 9 decimals) are
  ordered by the round's declared steps — the named criterion's mean score, then the number of criterion
  scores at that criterion's maximum — and a tie after every step is left to staff, who decide with a reason;
- near the cut-off: the last two places inside the award slots and the first two outside.

`compute` works on plain tuples, so 500 applications × 10 judges × 6 criteria take milliseconds
(bench/awards.py); `load_inputs` reads each sheet's totals, stored when the judge saved it, in three queries."""

import json
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select

from partners.awards.judging import JUDGED
from partners.awards.models import (
    TIE_BREAK_CRITERION,
    TIE_BREAK_TOP_SCORES,
    AwardApplication,
    AwardRound,
    JudgeAssignment,
    RankingMethod,
    ScoreSheet,
    ScoreStatus,
)
from partners.extensions import db

STAFF_DECIDES = "staff"
PLACES = 9  # decimals compared when ranking
NEAR_CUTOFF = 2


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: int
    max_score: int


# Per application and judge: (application_id, judge_id, weighted total, scores at their maximum, the tie-break
# criterion's score or None)
SheetTotal = tuple[int, int | None, float, int, int | None]


@dataclass
class Inputs:
    criteria: list[Criterion]
    application_ids: list[int]
    # (application_id, judge_id, criterion_id, value) of submitted sheets; or, from the database, `sheet_totals`
    scores: list[tuple[int, int | None, int, int]] = field(default_factory=list)
    assigned: dict[int, int] = field(default_factory=dict)  # application_id → judges assigned
    sheet_totals: list[SheetTotal] | None = None


def totals_of(inputs: Inputs, tie_criterion_id: int | None) -> list[SheetTotal]:
    """Each submitted sheet's weighted total, count of top scores and tie-break criterion score."""
    if inputs.sheet_totals is not None:
        return inputs.sheet_totals
    weight = {c.id: c.weight for c in inputs.criteria}
    maximum = {c.id: c.max_score for c in inputs.criteria}
    sheets: dict[tuple[int, int | None], list] = {}
    for application_id, judge_id, criterion_id, value in inputs.scores:
        if criterion_id not in weight:
            continue
        sheet = sheets.setdefault((application_id, judge_id), [0, 0, None])
        sheet[0] += weight[criterion_id] * value
        sheet[1] += value == maximum[criterion_id]
        if criterion_id == tie_criterion_id:
            sheet[2] = value
    return [(application_id, judge_id, total, tops, tied)
            for (application_id, judge_id), (total, tops, tied) in sheets.items()]


@dataclass
class Row:
    application_id: int
    totals: dict[int, float] = field(default_factory=dict)  # judge_id → weighted total
    mean: float | None = None
    sd: float | None = None
    count: int = 0
    z: float | None = None
    criterion_mean: float | None = None  # the tie-break criterion's mean score
    top_scores: int = 0
    rank: int | None = None
    tie_break: str = ""  # the step that placed it among equals: "criterion", "top_scores" or "staff"
    missing: bool = False
    near_cutoff: bool = False


def compute(inputs: Inputs, method: RankingMethod, steps: list[str], tie_criterion_id: int | None,
            slots: int) -> list[Row]:
    """The results, ranked (unscored applications last, unranked)."""
    rows = {application_id: Row(application_id) for application_id in inputs.application_ids}
    criterion_sum: dict[int, int] = defaultdict(int)
    criterion_count: dict[int, int] = defaultdict(int)
    by_judge: dict[int | None, list[tuple[int, float]]] = defaultdict(list)
    for application_id, judge_id, total, tops, tied in totals_of(inputs, tie_criterion_id):
        row = rows.get(application_id)
        if row is None:
            continue
        row.totals[judge_id] = total
        row.top_scores += tops
        if tied is not None:
            criterion_sum[application_id] += tied
            criterion_count[application_id] += 1
        by_judge[judge_id].append((application_id, total))
    z_scores: dict[int, list[float]] = defaultdict(list)
    for scored in by_judge.values():
        mean, sd = _mean_sd([total for _application, total in scored])
        for application_id, total in scored:
            z_scores[application_id].append((total - mean) / sd if sd > 0 else 0.0)
    for row in rows.values():
        values = list(row.totals.values())
        row.count = len(values)
        row.missing = row.count < max(inputs.assigned.get(row.application_id, 0), 1)
        if values:
            row.mean, row.sd = _mean_sd(values)
            row.z = sum(z_scores[row.application_id]) / len(z_scores[row.application_id])
        if criterion_count[row.application_id]:
            row.criterion_mean = criterion_sum[row.application_id] / criterion_count[row.application_id]
    _rank([row for row in rows.values() if row.count], method, steps, slots)
    return sorted(rows.values(), key=lambda row: (row.rank is None, row.rank or 0, row.application_id))


def _mean_sd(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))


def _key(row: Row, method: RankingMethod, steps: list[str]) -> tuple:
    primary = row.z if method == RankingMethod.Z_SCORE else row.mean
    keys = [round(primary, PLACES)]
    for step in steps:
        if step == TIE_BREAK_CRITERION:
            keys.append(round(row.criterion_mean or 0.0, PLACES))
        elif step == TIE_BREAK_TOP_SCORES:
            keys.append(row.top_scores)
    return tuple(keys)


def _rank(rows: list[Row], method: RankingMethod, steps: list[str], slots: int) -> None:
    keyed = sorted(((_key(row, method, steps), row) for row in rows), key=lambda pair: (
        tuple(-value for value in pair[0]), pair[1].application_id))
    previous = None
    for position, (key, row) in enumerate(keyed, start=1):
        row.rank = previous[1].rank if previous and previous[0] == key else position
        previous = (key, row)
    groups: dict[float, list[tuple[tuple, Row]]] = defaultdict(list)
    for key, row in keyed:
        groups[key[0]].append((key, row))
    for members in groups.values():
        if len(members) < 2:
            continue
        for key, row in members:
            row.tie_break = STAFF_DECIDES
            for depth in range(2, len(key) + 1):
                if all(other[:depth] != key[:depth] for other, other_row in members if other_row is not row):
                    row.tie_break = steps[depth - 2]
                    break
    if slots:
        for row in (row for _key, row in keyed):
            row.near_cutoff = slots - NEAR_CUTOFF < row.rank <= slots + NEAR_CUTOFF


def load_inputs(round_: AwardRound) -> Inputs:
    """The round's judged applications, each submitted sheet's stored totals (one row per sheet: 5,000 for
    30,000 scores) and the assignment counts, in three queries."""
    application_ids = list(db.session.scalars(select(AwardApplication.id).where(
        AwardApplication.round_id == round_.id, AwardApplication.status.in_(JUDGED)).order_by(AwardApplication.id)))
    sheet_totals = [tuple(row) for row in db.session.execute(
        select(ScoreSheet.application_id, ScoreSheet.judge_id, ScoreSheet.total, ScoreSheet.top_scores,
               ScoreSheet.tie_value)
        .where(ScoreSheet.round_id == round_.id, ScoreSheet.status == ScoreStatus.SUBMITTED))]
    assigned = dict(db.session.execute(select(JudgeAssignment.application_id, func.count())
                                       .where(JudgeAssignment.round_id == round_.id)
                                       .group_by(JudgeAssignment.application_id)).all())
    criteria = [Criterion(c.id, c.weight, c.max_score) for c in round_.criteria]
    return Inputs(criteria, application_ids, assigned=assigned, sheet_totals=sheet_totals)


def tie_criterion_id(round_: AwardRound) -> int | None:
    return next((c.id for c in round_.criteria if c.name == round_.tie_break_criterion), None)


def results_of(round_: AwardRound) -> list[Row]:
    return compute(load_inputs(round_), round_.ranking_method, round_.tie_break_steps, tie_criterion_id(round_),
                   round_.award_slots)


def to_json(rows: list[Row]) -> str:
    return json.dumps([asdict(row) | {"totals": {str(k): v for k, v in row.totals.items()}} for row in rows],
                      ensure_ascii=False)


def from_json(text: str) -> list[Row]:
    rows = []
    for data in json.loads(text):
        data["totals"] = {int(k) if k != "None" else None: v for k, v in data["totals"].items()}
        rows.append(Row(**data))
    return rows


def differences(frozen: list[Row], current: list[Row]) -> set[int]:
    """Applications whose figures now differ from the decision's snapshot (a reopened or changed score)."""
    def figures(row: Row) -> tuple:
        return (row.count, _rounded(row.mean), _rounded(row.z), sorted(
            (str(k), _rounded(v)) for k, v in row.totals.items()))

    now = {row.application_id: figures(row) for row in current}
    return {row.application_id for row in frozen if now.get(row.application_id) != figures(row)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
