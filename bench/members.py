"""Benchmark: CSV import and export of partners, and staff search, on a throwaway database.

    .venv/bin/python bench/members.py [--partners 2000] [--database-url postgresql://postgres@127.0.0.1/test]

Prints wall-clock figures; nothing here is asserted (tests assert behaviour and query counts, not time)."""

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faker import Faker  # noqa: E402

from bench.events import run_sql  # noqa: E402
from config import TestConfig, normalise_database_url  # noqa: E402
from partners import create_app  # noqa: E402
from partners.extensions import db  # noqa: E402
from partners.members.csv_io import export_csv, import_csv  # noqa: E402
from partners.members.staff_queries import PartnerFilters, filtered_partners, page_of  # noqa: E402

HEADER = ["区分", "氏名・団体名", "フリガナ", "メールアドレス", "地区", "関心のあるゴール", "活動内容", "入会日"]
ACTIVITIES = ["子ども食堂の運営", "食品ロスを減らす取り組み", "里山の森林保全", "リユース品の回収",
              "多言語の子育て相談", "太陽光発電の普及", "筑波山の清掃登山", "防災訓練の企画"]


def synthetic_csv(count: int) -> bytes:
    fake, rng = Faker("ja_JP"), random.Random(7)
    fake.seed_instance(7)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for index in range(count):
        last, last_kana, _ = fake.last_name_pair()
        first, first_kana, _ = fake.first_name_pair()
        writer.writerow(["個人", f"{last} {first}", f"{last_kana} {first_kana}", f"p{index}@example.jp",
                         rng.choice(["筑波", "大穂", "豊里", "桜", "谷田部", "茎崎"]),
                         ";".join(str(g) for g in rng.sample(range(1, 18), 3)),
                         "。".join(rng.sample(ACTIVITIES, 2)), f"20{rng.randint(19, 25)}-04-01"])
    return ("\ufeff" + buffer.getvalue()).encode()


def timed(label: str, function, repeat: int = 1):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - start)
    figure = statistics.median(runs)
    print(f"{label:48} {figure * 1000:9.1f} ms" + (f"  (median of {repeat})" if repeat > 1 else ""))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
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
            content = synthetic_csv(args.partners)
            print(f"{args.partners} partners, {len(content) / 1024:.0f} KiB CSV, {db.engine.dialect.name}")
            result = timed("import (validate + write, one transaction)", lambda: import_csv(content, None))
            db.session.commit()
            assert result.ok, result.errors[:3]
            timed("import the same file again (all updates)", lambda: import_csv(content, None))
            db.session.commit()
            timed("export (streamed, whole file)", lambda: "".join(export_csv(None)))
            for query in ["森", "食品", "こどもしょくどう", "里山の森林保全", "タナカ"]:
                timed(f"staff search {query!r}: count + first page of 50",
                      lambda q=query: page_of(filtered_partners(PartnerFilters(q=q)), 1, 50), repeat=5)
        with app.app_context():
            db.engine.dispose()
        if url.startswith("postgresql"):
            run_sql(url.split("?")[0], "DROP SCHEMA bench CASCADE")


if __name__ == "__main__":
    main()
