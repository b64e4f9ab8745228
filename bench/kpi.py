# ruff: noqa: S608 - the SQL here is built from this file's own numbers only, to load a throwaway database fast
"""Benchmark: the participation rate (partners/kpi/participation.py) over 1,000,000 activity reports.

    .venv/bin/python bench/kpi.py [--reports 1000000] [--partners 10000] [--database-url postgresql://postgres@127.0.0.1:5432/test]

Builds a throwaway database (a `bench_kpi` schema on PostgreSQL, a temporary file on SQLite) with partners that
join from April 2019 on (a tenth withdraw later), `--reports` activity reports spread over 2019-04 … 2026-11,
attended event registrations and a survey with answers, then times `participation(D)` for each year end. Prints
wall-clock figures; nothing here is asserted (tests assert behaviour, not time)."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text  # noqa: E402

from bench.events import run_sql  # noqa: E402
from config import TestConfig, normalise_database_url  # noqa: E402
from partners import create_app  # noqa: E402
from partners.extensions import db  # noqa: E402
from partners.kpi.participation import participation  # noqa: E402

FIRST_DAY = date(2019, 4, 1)
DAYS = 2800  # up to late 2026
YEAR_ENDS = [date(year, 12, 31) for year in range(2019, 2026)]


def random_below(dialect: str, limit: str) -> str:
    """SQL for a random whole number from 0 to limit − 1."""
    return f"floor(random() * {limit})::int" if dialect == "postgresql" else f"abs(random()) % ({limit})"


def series(dialect: str, count: int) -> str:
    """SQL for rows numbered 1 … count, as `n`."""
    if dialect == "postgresql":
        return f"generate_series(1, {count}) AS s(n)"
    return (f"(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count}) "
            "SELECT n FROM s) AS s")


def day_sql(dialect: str, offset: str) -> str:
    if dialect == "postgresql":
        return f"(date '{FIRST_DAY}' + ({offset}))"
    return f"date('{FIRST_DAY}', '+' || ({offset}) || ' days')"


def stamp_sql(dialect: str, day: str, hour: int) -> str:
    """Noon (or `hour`) Tokyo time on `day`, stored as UTC the way UTCDateTime stores it."""
    if dialect == "postgresql":
        return f"(({day})::timestamp + interval '{hour - 9} hours') AT TIME ZONE 'UTC'"
    return f"datetime({day}, '{hour - 9:+d} hours')"


def fill(dialect: str, partners: int, reports: int) -> None:
    r = lambda limit: random_below(dialect, limit)  # noqa: E731
    joined = day_sql(dialect, f"(n * 7919) % {DAYS - 30}")
    statements = [
        f"""INSERT INTO partners (id, kind, status, name, name_kana, kana_sort_key, area, activities, offers, needs,
              visibility_listing, visibility_activities, visibility_offers_needs, visibility_contact, applied_at,
              joined_on, created_at, updated_at)
            SELECT n, CASE WHEN n % 4 = 0 THEN 'group' ELSE 'individual' END,
                   CASE WHEN n % 10 = 0 THEN 'withdrawn' ELSE 'active' END, 'bench', '', '', '筑波', '', '', '',
                   'public', 'public', 'public', 'partners', {stamp_sql(dialect, joined, 9)}, {joined},
                   {stamp_sql(dialect, joined, 9)}, {stamp_sql(dialect, joined, 9)}
            FROM {series(dialect, partners)}""",
        f"""INSERT INTO partner_status_changes (partner_id, from_status, to_status, reason, reason_erased, at)
            SELECT id, NULL, 'applied', '', false, {stamp_sql(dialect, 'joined_on', 9)} FROM partners""",
        f"""INSERT INTO partner_status_changes (partner_id, from_status, to_status, reason, reason_erased, at)
            SELECT id, 'applied', 'active', '', false, {stamp_sql(dialect, 'joined_on', 12)} FROM partners""",
        f"""INSERT INTO partner_status_changes (partner_id, from_status, to_status, reason, reason_erased, at)
            SELECT id, 'active', 'withdrawn', '', false,
                   {stamp_sql(dialect, day_sql(dialect, f"(id * 7919) % {DAYS - 30} + 400"), 12)}
            FROM partners WHERE status = 'withdrawn'""",
        f"""INSERT INTO activity_reports (partner_id, activity_date, title, kind, description, other_partners,
              is_public, source, created_at, updated_at)
            SELECT {r(partners * 6 // 10)} + 1, {day_sql(dialect, r(DAYS))}, '清掃活動', 'volunteer', '', '', false,
                   'partner', {stamp_sql(dialect, "'2026-11-01'", 9)}, {stamp_sql(dialect, "'2026-11-01'", 9)}
            FROM {series(dialect, reports)}""",
        f"""INSERT INTO events (id, kind, status, title, theme, description, speakers, starts_at, ends_at, format,
              venue, venue_address, online_url, audience, certifies, ical_uid, ical_sequence, created_at,
              updated_at)
            SELECT n, 'lecture', 'finished', '講座', '', '', '', {stamp_sql(dialect, day_sql(dialect, 'n * 14'), 14)},
                   {stamp_sql(dialect, day_sql(dialect, 'n * 14'), 16)}, 'in_person', '', '', '', 'anyone', false,
                   'bench-' || n, 0, {stamp_sql(dialect, "'2019-04-01'", 9)}, {stamp_sql(dialect, "'2019-04-01'", 9)}
            FROM {series(dialect, DAYS // 14 - 1)}""",
        f"""INSERT INTO event_registrations (event_id, partner_id, mode, status, check_in_code, created_at,
              updated_at)
            SELECT {r(DAYS // 14 - 1)} + 1, {r(partners)} + 1, 'in_person', 'attended', 'b' || n,
                   {stamp_sql(dialect, "'2019-04-01'", 9)}, {stamp_sql(dialect, "'2019-04-01'", 9)}
            FROM {series(dialect, partners // 2)}""",
        f"""INSERT INTO surveys (id, title, opens_on, closes_on, created_at)
            SELECT n, 'アンケート', {day_sql(dialect, 'n * 365 - 30')}, {day_sql(dialect, 'n * 365')},
                   {stamp_sql(dialect, "'2019-04-01'", 9)} FROM {series(dialect, 7)}""",
        """INSERT INTO survey_questions (id, survey_id, position, text, kind, choices, counts_as_participation)
            SELECT id, id, 1, '参加しましたか', 'yes_no', '', true FROM surveys""",
        """INSERT INTO survey_invitations (survey_id, partner_id)
            SELECT s.id, p.id FROM surveys s, partners p WHERE p.id % 5 = 0""",
        f"""INSERT INTO survey_answers (invitation_id, question_id, value)
            SELECT id, survey_id, CASE WHEN {r(3)} = 0 THEN 'yes' ELSE 'no' END FROM survey_invitations""",
    ]
    for statement in statements:
        db.session.execute(text(statement))
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def server_cpu_seconds() -> float | None:
    """CPU time the PostgreSQL backend serving this session has used, when it runs on this machine: on a shared
    machine the wall-clock time includes waiting for a core, the CPU time does not."""
    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label: str, function, repeat: int = 5):
    runs, cpu = [], []
    for _ in range(repeat):
        server_before, client_before = server_cpu_seconds(), time.process_time()
        start = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - start)
        server_after = server_cpu_seconds()
        if server_before is not None and server_after is not None:
            cpu.append(server_after - server_before + time.process_time() - client_before)
    cpu_text = f"   CPU (server + client) mean {statistics.mean(cpu) * 1000:6.1f} ms" if cpu else ""
    print(f"{label:44} median {statistics.median(runs) * 1000:8.1f} ms   max {max(runs) * 1000:8.1f} ms"
          f"   (of {repeat}){cpu_text}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--explain", action="store_true", help="print PostgreSQL's plan for the last year end")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = normalise_database_url(args.database_url or f"sqlite:///{folder}/bench.db")
        if url.startswith("postgresql"):
            run_sql(url, "DROP SCHEMA IF EXISTS bench_kpi CASCADE", "CREATE SCHEMA bench_kpi")
            url += ("&" if "?" in url else "?") + "options=-csearch_path%3Dbench_kpi"
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.create_all()
            dialect = db.engine.dialect.name
            start = time.perf_counter()
            fill(dialect, args.partners, args.reports)
            print(f"{dialect}: {args.partners:,} partners, {args.reports:,} activity reports, "
                  f"{args.partners // 2:,} attendances, {args.partners * 7 // 5:,} survey answers "
                  f"(loaded in {time.perf_counter() - start:.0f} s)")
            for as_of in YEAR_ENDS:
                result = timed(f"participation rate at {as_of}", lambda day=as_of: participation(day))
                print(f"{'':44} {result.taking_part:,} of {result.active:,} active = {result.rate} %")
            timed("the whole series (7 year ends)", lambda: [participation(day) for day in YEAR_ENDS], repeat=3)
            if args.explain and dialect == "postgresql":
                explain(YEAR_ENDS[-1])
            db.engine.dispose()
        if url.startswith("postgresql"):
            run_sql(url.split("?")[0], "DROP SCHEMA bench_kpi CASCADE")


def explain(as_of: date) -> None:
    """PostgreSQL's plan of the participation query, as it ran."""
    statements = []
    listener = lambda _conn, _cursor, statement, parameters, _context, _many: statements.append(  # noqa: E731
        (statement, parameters))
    event.listen(db.engine, "before_cursor_execute", listener)
    participation(as_of)
    event.remove(db.engine, "before_cursor_execute", listener)
    statement, parameters = statements[-1]
    with db.engine.connect() as connection:
        cursor = connection.connection.cursor()
        cursor.execute("SET jit = off")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
