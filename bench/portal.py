"""Benchmark: the home page and collaboration suggestions on a throwaway SQLite database with the demo data and
`--partners` more active partners with offers, needs and goals (the scale of the city's 674 members and more).

    .venv/bin/python bench/portal.py [--partners 2000] [--requests 50]

Prints the SQL statements and the wall-clock time per home page (visitor, signed-in partner) and per
suggestion list, from the in-process test client; nothing is asserted. The machine is shared, so figures are
pessimistic."""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, select  # noqa: E402

from config import TestConfig  # noqa: E402
from partners import create_app  # noqa: E402
from partners.demo.data import DEMO_PASSWORD, seed_demo  # noqa: E402
from partners.extensions import db  # noqa: E402
from partners.members import lifecycle  # noqa: E402
from partners.members.models import Partner, PartnerKind, PartnerStatus  # noqa: E402
from partners.members.profiles import ProfileData, fill_profile  # noqa: E402
from partners.members.search import reindex  # noqa: E402
from partners.portal.matching import suggestions_for  # noqa: E402

WORDS = ["子ども食堂", "食材の提供", "会場の貸し出し", "里山の手入れ", "コンポスト", "リユース", "多言語の相談",
         "防災訓練", "太陽光発電", "清掃活動", "広報の協力", "通訳ボランティア", "野菜の提供", "学習支援"]


def add_partners(count: int) -> None:
    rng = random.Random(12)
    for index in range(count):
        data = ProfileData(name=f"ベンチ団体{index}", name_kana="ベンチダンタイ", area="桜",
                           goals=rng.sample(range(1, 18), 3), offers="、".join(rng.sample(WORDS, 2)),
                           needs="、".join(rng.sample(WORDS, 2)), group_type="企業")
        partner = Partner(kind=PartnerKind.GROUP, status=PartnerStatus.APPLIED)
        fill_profile(partner, data)
        db.session.add(partner)
        lifecycle.record_initial_status(partner, None)
        db.session.flush()
        reindex(partner)
        lifecycle.approve_group(partner, None, "bench")
    db.session.commit()


def timed(app, client, path: str, requests: int) -> tuple[int, float]:
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *_args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(path)
    queries = len(statements)
    event.remove(engine, "before_cursor_execute", listener)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    return queries, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db",
                         WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT="1000 per minute")
        with app.app_context():
            db.create_all()
        with app.test_request_context():
            seed_demo()
            db.session.commit()
            started = time.perf_counter()
            add_partners(args.partners)
            print(f"{args.partners} partners added in {time.perf_counter() - started:.1f} s")
        visitor, member = app.test_client(), app.test_client()
        member.post("/accounts/login", data={"email": "citizen@example.jp", "password": DEMO_PASSWORD})
        for label, client in (("visitor", visitor), ("signed-in partner", member)):
            queries, median = timed(app, client, "/", args.requests)
            print(f"home page, {label}: {queries} SQL statements, median {median:.1f} ms over {args.requests}")
        with app.test_request_context():
            partner = db.session.scalar(select(Partner).where(Partner.name == "ベンチ団体0"))
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                found = suggestions_for(partner)
                times.append((time.perf_counter() - start) * 1000)
            print(f"suggestions for one partner among {args.partners}: {len(found)} found, "
                  f"median {statistics.median(times):.1f} ms over {args.requests}")


if __name__ == "__main__":
    main()
