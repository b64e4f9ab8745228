"""Benchmark: the award's results table for 500 applications × 10 judges × 6 criteria (30,000 scores), on a
throwaway database. The issue's target: results computed in ≤ 100 ms.

    .venv/bin/python bench/awards.py [--applications 500] [--judges 10] [--database-url postgresql://…]

Prints wall-clock figures (median of several runs); nothing here is asserted."""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from bench.members import run_sql  # noqa: E402
from config import TestConfig, normalise_database_url  # noqa: E402
from partners import create_app  # noqa: E402
from partners.accounts.models import Role, User, UserRole  # noqa: E402
from partners.awards.models import (  # noqa: E402
    AwardApplication,
    AwardRound,
    JudgeAssignment,
    RankingMethod,
    RoundStatus,
    ScoreItem,
    ScoreSheet,
)
from partners.awards.results import compute, load_inputs, results_of, tie_criterion_id  # noqa: E402
from partners.awards.rounds import CriterionData, RoundData, create_round  # noqa: E402
from partners.core.timeutil import utcnow  # noqa: E402
from partners.extensions import db  # noqa: E402

CRITERIA = ["先進性", "波及効果", "継続性", "協働", "地域性", "SDGsとの関連"]


def timed(label: str, function, repeat: int = 10):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - start)
    print(f"{label:58} {statistics.median(runs) * 1000:8.1f} ms  (median of {repeat}, best "
          f"{min(runs) * 1000:.1f})")
    return result


def seed(applications: int, judges: int) -> AwardRound:
    """A judging round where every judge scored every application on 6 criteria (bulk inserts)."""
    rng = random.Random(9)
    now = utcnow()
    staff = User(email="staff@bench.jp", name="staff", password_hash="!", locale="ja")  # noqa: S106
    db.session.add(staff)
    db.session.flush()
    round_ = create_round(RoundData(
        year=2026, title="bench", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1),
        categories=["市民部門"], tiers=[("大賞", 1), ("優秀賞", 2), ("奨励賞", 3)],
        criteria=[CriterionData(name, rng.randint(1, 3), 10) for name in CRITERIA], judges_per_application=judges,
        ranking_method=RankingMethod.Z_SCORE, tie_break=["criterion", "top_scores"], tie_break_criterion=CRITERIA[0],
    ), staff)
    round_.status = RoundStatus.JUDGING
    db.session.flush()
    judge_ids = []
    for number in range(judges):
        judge = User(email=f"judge{number}@bench.jp", name=f"judge {number}", password_hash="!",  # noqa: S106
                     locale="ja")
        db.session.add(judge)
        db.session.flush()
        db.session.add(UserRole(user_id=judge.id, role=Role.JUDGE))
        judge_ids.append(judge.id)
    db.session.execute(insert(AwardApplication), [
        {"round_id": round_.id, "status": "eligible", "title": f"取組 {n}", "goals": "12"}
        for n in range(applications)])
    application_ids = list(db.session.scalars(select(AwardApplication.id)
                                              .where(AwardApplication.round_id == round_.id)))
    db.session.execute(insert(JudgeAssignment), [{"round_id": round_.id, "application_id": a, "judge_id": j,
                                                  "assigned_at": now} for a in application_ids for j in judge_ids])
    leniency = {j: rng.randint(-2, 2) for j in judge_ids}
    values = {(a, j): [max(0, min(10, rng.randint(3, 9) + leniency[j])) for _c in round_.criteria]
              for a in application_ids for j in judge_ids}
    db.session.execute(insert(ScoreSheet), [
        {"round_id": round_.id, "application_id": a, "judge_id": j, "status": "submitted", "comment": "",
         "submitted_at": now, "updated_at": now, "tie_value": scores[0],
         "total": sum(c.weight * v for c, v in zip(round_.criteria, scores, strict=True)),
         "top_scores": sum(v == 10 for v in scores)} for (a, j), scores in values.items()])
    sheets = db.session.execute(select(ScoreSheet.id, ScoreSheet.application_id, ScoreSheet.judge_id)
                                .where(ScoreSheet.round_id == round_.id)).all()
    db.session.execute(insert(ScoreItem), [
        {"sheet_id": sheet_id, "criterion_id": criterion.id, "value": value}
        for sheet_id, a, j in sheets for criterion, value in zip(round_.criteria, values[a, j], strict=True)])
    db.session.commit()
    return round_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=500)
    parser.add_argument("--judges", type=int, default=10)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = normalise_database_url(args.database_url or f"sqlite:///{folder}/bench.db")
        if url.startswith("postgresql"):
            run_sql(url, "DROP SCHEMA IF EXISTS bench CASCADE", "CREATE SCHEMA bench")
            url += ("&" if "?" in url else "?") + "options=-csearch_path%3Dbench"
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.test_request_context():
            db.create_all()
            round_ = seed(args.applications, args.judges)
            scores = [tuple(row) for row in db.session.execute(
                select(ScoreSheet.application_id, ScoreSheet.judge_id, ScoreItem.criterion_id, ScoreItem.value)
                .join(ScoreItem, ScoreItem.sheet_id == ScoreSheet.id))]
            raw = load_inputs(round_)
            raw.sheet_totals, raw.scores = None, scores
            print(f"{args.applications} applications × {args.judges} judges × {len(CRITERIA)} criteria = "
                  f"{len(scores):,} scores, {db.engine.dialect.name}")
            timed("compute from the 30,000 scores in memory (pure Python)",
                  lambda: compute(raw, round_.ranking_method, round_.tie_break_steps, tie_criterion_id(round_),
                                  round_.award_slots))
            timed("results page's figures: load (3 queries) + compute", lambda: results_of(round_))
        with app.app_context():
            db.engine.dispose()
        if url.startswith("postgresql"):
            run_sql(url.split("?")[0], "DROP SCHEMA bench CASCADE")


if __name__ == "__main__":
    main()
