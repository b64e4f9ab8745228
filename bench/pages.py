"""Benchmark: the public member list (with and without a keyword) and the staff list (50 cards/rows, 100,000
partners in the database), each against a bare Flask page showing the same 50 partners, all under gunicorn with 2
workers, loaded from a second process for a fixed time; prints requests/s, p50, p95, the servers' CPU per request
and the size of both pages, and the ratios to the bare page.

The bare page (bench/bare_app.py, /table/<name>) is a plain Jinja table of the very values our page shows for
those partners (names, readings, kinds, districts, goals, activities, offers, needs, website; on the staff list
numbers, states and dates), taken from the app once the database is loaded and handed over in a JSON file. The
bare page and ours are loaded in turns (bench/events.py, compare), so that both meet the same moments of a
shared machine; the CPU per request is the steadier figure there.

    .venv/bin/python bench/pages.py [--size 100000] [--duration 10] [--database-url postgresql://…]

Pattern and helpers from bench/events.py. Figures, not assertions; every loop is bounded."""

import argparse
import http.client
import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_babel import format_date  # noqa: E402
from jinja2.filters import do_truncate  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.directory import settle  # noqa: E402
from bench.directory_data import bulk_load  # noqa: E402
from bench.events import (  # noqa: E402
    REQUEST_TIMEOUT,
    ROUNDS,
    Server,
    app_engine,
    app_env,
    compare,
    fetch,
    make_app,
    print_figures,
    print_ratio,
    run_sql,
    signed_in_people,
    throwaway,
)
from config import normalise_database_url  # noqa: E402
from partners.accounts.models import Role, User  # noqa: E402
from partners.directory.labels import card_labels  # noqa: E402
from partners.directory.queries import PUBLIC, DirectoryFilters, search  # noqa: E402
from partners.directory.services import readable  # noqa: E402
from partners.directory.views import PAGE_SIZE  # noqa: E402
from partners.extensions import db  # noqa: E402
from partners.members.labels import KIND_LABELS  # noqa: E402
from partners.members.lifecycle import status_label  # noqa: E402
from partners.members.staff_queries import PartnerFilters, search_page  # noqa: E402

AGENT = "bench/pages"
SCHEMA = "bench_pages"
KEYWORD = "森"
# label, our page, the bare table showing the same partners, whether staff ask
TARGETS = [("public list", "/directory/", "public", False),
           ("public list, keyword 森", "/directory/?q=%E6%A3%AE", "keyword", False),
           ("staff list", "/staff/partners", "staff", True)]
DIRECTORY_COLUMNS = ["会員番号", "名前", "フリガナ", "区分", "団体種別", "地区", "ゴール", "活動内容", "できること",
                     "求めること", "URL"]
STAFF_COLUMNS = ["会員番号", "名前", "フリガナ", "区分", "団体種別", "状態", "地区", "SDGs", "申込日", "入会日"]


def prepare(url: str, size: int, tables_file: Path) -> str:
    """Fill the database and write what each compared page shows to `tables_file`; returns the session cookie
    of a signed-in member of staff."""
    app = make_app(url)
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        bulk_load(size)
        print(f"loaded and indexed {size} partners in {time.perf_counter() - start:.0f} s")
        cookie, _token = signed_in_people(app, 1)[0]
        staff = db.session.scalar(select(User).where(User.email == "bench0@example.jp"))
        staff.grant(Role.STAFF)
        db.session.commit()
        settle(db.engine.dialect.name)  # what the database does by itself after a large load
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        tables = {"public": directory_table(app, ""), "keyword": directory_table(app, KEYWORD),
                  "staff": staff_table(app)}
        db.session.remove()
        db.engine.dispose()
    tables_file.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    return cookie


def directory_table(app, keyword: str) -> dict:
    """The cells the public member list shows for its first 50 partners, texts cut as the cards cut them."""
    cut = partial(do_truncate, app.jinja_env)
    labels = card_labels("ja")
    goal_names = dict(labels["goal"])
    page = search(DirectoryFilters(q=keyword), PUBLIC, 1, PAGE_SIZE)
    rows = []
    for partner in page.items:
        offers_needs = readable(partner, "offers_needs", PUBLIC)
        rows.append([
            partner.member_no, partner.name, partner.name_kana or "", labels["kind"][partner.kind],
            labels["group_type"].get(partner.group_type, partner.group_type or ""),
            labels["area"].get(partner.area, partner.area or ""), [goal_names[goal] for goal in partner.goals],
            cut(partner.activities, 160) if partner.activities and readable(partner, "activities", PUBLIC) else "",
            cut(partner.offers, 100) if partner.offers and offers_needs else "",
            cut(partner.needs, 100) if partner.needs and offers_needs else "",
            partner.website if partner.website and readable(partner, "contact", PUBLIC) else ""])
    return {"title": "メンバーリスト", "rows": rows, "columns": DIRECTORY_COLUMNS}


def staff_table(app) -> dict:
    """The cells the staff list shows for its first 50 partners."""
    page = search_page(PartnerFilters(), 1, app.config["STAFF_PAGE_SIZE"])
    goal_names = dict(card_labels("ja")["goal"])
    rows = [[partner.member_no or "—", partner.name, partner.name_kana or "", str(KIND_LABELS[partner.kind]),
             partner.group_type or "", status_label(partner.status), partner.area or "—",
             [goal_names[goal] for goal in partner.goals], format_date(partner.applied_at),
             format_date(partner.joined_on) if partner.joined_on else "—"] for partner in page.items]
    return {"title": "パートナー", "rows": rows, "columns": STAFF_COLUMNS}


def fetch_as(port: int, path: str, cookie: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "User-Agent": AGENT,
                                                 "Cookie": f"session={cookie}"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}")
        return body
    finally:
        connection.close()


def pages(url: str, size: int, duration: float, clients: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tables_file = Path(folder) / "tables.json"
        cookie = prepare(url, size, tables_file)
        with Server("partners:create_app()", 2, app_env(url)) as server, \
                Server("bare_app:create_app()", 2, {"BARE_TABLES": str(tables_file)},
                       pythonpath=str(ROOT / "bench")) as bare:
            server.warm_up("/directory/")
            bare.warm_up("/table/public")
            for _ in range(20):
                fetch_as(server.port, "/staff/partners", cookie)
            print(f"pages ({app_engine(url)}, {size} partners, gunicorn 2 workers each; {clients} client threads "
                  f"in a second process, {duration:.0f} s per page in {ROUNDS} turns with its bare page's; figures "
                  "on a shared machine)")
            for label, path, table, who in TARGETS:
                ours_size = len(fetch_as(server.port, path, cookie) if who else fetch(server.port, path))
                baseline, ours = compare(bare, f"/table/{table}", server, path, duration, clients,
                                         cookie if who else "")
                print(f"  {label}")
                print_figures("bare Flask, same partners", baseline, len(fetch(bare.port, f"/table/{table}")))
                print_figures("ours", ours, ours_size)
                print_ratio(ours, baseline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page")
    parser.add_argument("--clients", type=int, default=8, help="client threads for the page load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages(throwaway(args.database_url, folder, SCHEMA), args.size, args.duration, args.clients)
    if args.database_url:
        run_sql(normalise_database_url(args.database_url), f"DROP SCHEMA {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()
