"""Benchmark: the directory search at scale, and the partner import and export, on SQLite and PostgreSQL.

    .venv/bin/python bench/directory.py [--size 100000] [--no-search] [--engine sqlite|postgresql|both]
                                        [--database-url postgresql://postgres@127.0.0.1:5432/test]
                                        [--keep-schema]

Imports `--size` synthetic partners (bench/directory_data.py, Faker ja_JP) into a throwaway database (a temporary
SQLite file; with --database-url also a throwaway PostgreSQL schema), times a directory search (count + first
page of 50, as the member list runs it) for each query class: 1, 2, 3–4 and 7+ characters, each without and
with filters, and filters alone (unless --no-search), exports the partners and imports the same file again.
Prints the median and p95 per class, of the wall clock and of the CPU time (this process's, plus on PostgreSQL
the server process's, read from /proc to the nanosecond: on a shared machine the figure that waiting for a core
does not change); for the import, export and re-import the wall clock, this process's CPU
time, the PostgreSQL server process's CPU time and the load average; and the database's size. Figures, not
assertions; every loop is bounded. --keep-schema (PostgreSQL) imports once into a schema it keeps, and later
runs time the searches alone against it: for trying a change to the searches without a 30-second import."""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.directory_data import bulk_load, partner_csv  # noqa: E402
from bench.events import run_sql  # noqa: E402
from config import TestConfig, normalise_database_url  # noqa: E402
from partners import create_app  # noqa: E402
from partners.directory.queries import PUBLIC, DirectoryFilters, search  # noqa: E402
from partners.extensions import db  # noqa: E402
from partners.members.csv_io import export_csv, import_csv  # noqa: E402
from partners.members.staff_queries import PartnerFilters, search_page  # noqa: E402

SCHEMA = "bench_directory"
KEPT_SCHEMA = "bench_directory_kept"  # --keep-schema: loaded once, searched by later runs
QUERIES = {
    "1 char": ["森", "田", "食", "ロ", "愛", "渋"],
    "2 chars": ["食品", "里山", "佐藤", "清掃", "まち", "ガイ"],
    "3-4 chars": ["子ども", "森林保全", "たなか", "リユース", "マルシェ", "日本語"],
    "7+ chars": ["子ども食堂の運営", "筑波山の清掃登山", "外国人住民の日本語教室", "フェアトレード商品",
                 "サステナブルな商品開発", "生物多様性の観察会"],
}
FILTERS = [
    {},
    {"goals": [13]},
    {"area": "谷田部", "kind": "individual"},
    {"goals": [3, 4], "all_goals": True, "area": "筑波"},
]
FILTER_ONLY = [{"goals": [13]}, {"area": "谷田部", "kind": "group"}, {"goals": [1, 17], "all_goals": True},
               {"kind": "group", "group_type": "企業", "goals": [7, 12]}, {}, {"sort": "newest", "goals": [5]}]


def timed_both(function, server: Path | None = None) -> tuple[float, float, float]:
    """Wall-clock time, this process's CPU time and the server process's (`server`: its /proc schedstat, read
    to the nanosecond; 0 on SQLite): on a shared machine the wall clock includes waiting for a core, the CPU
    times are the search's own work (on SQLite, in-process, all of it is this process's)."""
    wall, cpu, server_before = time.perf_counter(), time.process_time(), server_ns(server)
    function()
    return time.perf_counter() - wall, time.process_time() - cpu, (server_ns(server) - server_before) / 1e9


def server_ns(schedstat: Path | None) -> int:
    return int(schedstat.read_text().split()[0]) if schedstat else 0


def server_schedstat() -> Path | None:
    """The /proc schedstat of the session's PostgreSQL server process, when the server runs on this machine
    (the searches run in one transaction, so on one connection); None on SQLite."""
    if db.engine.dialect.name != "postgresql":
        return None
    path = Path(f"/proc/{db.session.execute(text('SELECT pg_backend_pid()')).scalar()}/schedstat")
    return path if path.exists() else None


def wall_and_cpu(label: str, *steps) -> None:
    """Wall-clock time, this process's CPU time and, on PostgreSQL, the CPU time of its server process (the
    machine is shared: the gap between wall clock and the CPU times is waiting for a core)."""
    wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
    for step in steps:
        step()
    after = server_cpu()
    server_used = after[1] - server[1] if server and after and after[0] == server[0] else None
    print(f"  {label:34} {time.perf_counter() - wall:7.1f} s"
          f"   (CPU of this process {time.process_time() - cpu:6.1f} s"
          + (f", of the PostgreSQL server process {server_used:6.1f} s" if server_used is not None else "")
          + f"; load average {os.getloadavg()[0]:.1f})")


def server_cpu() -> tuple[int, float] | None:
    """The session's PostgreSQL server process and the CPU seconds it has used, read from /proc when the server
    runs on this machine (None on SQLite, or when it cannot be read). Steps are compared only when both ends
    read the same process (the pool hands the one idle connection back)."""
    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def figures(label: str, samples: list[tuple[float, float, float]]) -> None:
    """Wall clock, and CPU: this process's plus, on PostgreSQL, the server process's (each search's total)."""
    wall, cpu = [sample[0] for sample in samples], [sample[1] + sample[2] for sample in samples]
    server = [sample[2] for sample in samples]
    print(f"  {label:34} median {statistics.median(wall) * 1000:7.1f} ms   p95 {p95(wall) * 1000:7.1f} ms"
          f"   CPU median {statistics.median(cpu) * 1000:6.1f} ms   p95 {p95(cpu) * 1000:6.1f} ms"
          + (f" (server median {statistics.median(server) * 1000:5.1f} ms)" if any(server) else "")
          + f"   ({len(samples)} searches; load average {os.getloadavg()[0]:.1f})")


def run(url: str, content: bytes, size: int, repeat: int, reimport: bool, bulk: bool, searches: bool,
        kept: bool = False) -> None:
    """`kept`: the database already holds this run's partners (--keep-schema): time the searches only."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.test_request_context():
        if not kept:  # the kept schema has its tables, and its triggers would be made twice
            db.create_all()
        engine = db.engine.dialect.name
        print(f"{engine}: {size} partners, {len(content) / 1024 / 1024:.1f} MiB CSV")
        if kept:
            run_searches(repeat)
            return
        if bulk:
            wall_and_cpu("bulk load + index (not the import)", lambda: bulk_load(size))
        else:
            wall_and_cpu("import (validate + write, commit)", lambda: check(import_csv(content, None)),
                         db.session.commit)
        db.session.expunge_all()
        # This run's tables only: a bare ANALYZE would take locks on every schema of a shared server.
        db.session.commit()
        settle(engine)
        if searches:
            # A server answering searches does not carry an import's garbage: collect it once, so that its
            # collections do not land in the middle of the timed searches.
            gc.collect()
            gc.freeze()
            run_searches(repeat)
            gc.unfreeze()
        wall_and_cpu("export (streamed, whole file)", lambda: "".join(export_csv(None)), db.session.rollback)
        db.session.expunge_all()
        if reimport and not bulk:
            wall_and_cpu("import the same file again", lambda: check(import_csv(content, None)), db.session.commit)
        if engine == "sqlite":
            path = Path(url.removeprefix("sqlite:///"))
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            print(f"  {'SQLite database file':34} {path.stat().st_size / 1024 / 1024:7.1f} MiB")
        db.session.rollback()
        db.engine.dispose()


def settle(engine: str) -> None:
    """What the database does by itself soon after a large import: statistics, and on PostgreSQL the vacuum
    that marks the new pages all-visible (autovacuum starts on the inserted row count), without which an
    index-only scan still visits every row. This run's tables only: a bare ANALYZE or VACUUM would take locks
    on every schema of a shared server."""
    if engine != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE partners, partner_goals, partner_search_docs"))


def run_searches(repeat: int) -> None:
    """Each search runs once unmeasured first, as a server that has answered it before (statements compiled,
    the database's pages in memory), then `repeat` times measured."""
    for queries in QUERIES.values():
        for query in queries:
            for extra in FILTERS:
                search(DirectoryFilters(q=query, **extra), PUBLIC, 1, 50)
    for extra in FILTER_ONLY:
        search(DirectoryFilters(**extra), PUBLIC, 1, 50)
    db.session.expunge_all()
    server = server_schedstat()
    for label, queries in QUERIES.items():
        for filtered in (False, True):
            samples = []
            for query in queries:
                for extra in FILTERS[1:] if filtered else FILTERS[:1]:
                    filters = DirectoryFilters(q=query, **extra)
                    for _ in range(repeat):
                        samples.append(timed_both(lambda f=filters: search(f, PUBLIC, 1, 50), server))
                        db.session.expunge_all()
            figures(f"{label}{', with filters' if filtered else ''}", samples)
    samples = []
    for extra in FILTER_ONLY:
        filters = DirectoryFilters(**extra)
        for _ in range(repeat * 3):
            samples.append(timed_both(lambda f=filters: search(f, PUBLIC, 1, 50), server))
            db.session.expunge_all()
    figures("filters only (and no filter)", samples)
    samples = []
    for query in [q for queries in QUERIES.values() for q in queries[:2]]:
        for _ in range(repeat):
            samples.append(timed_both(lambda q=query: search_page(PartnerFilters(q=q), 1, 50), server))
            db.session.expunge_all()
    figures("staff list search (for reference)", samples)


def check(result) -> None:
    assert result.ok, result.errors[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL too (a throwaway schema of it)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each search")
    parser.add_argument("--no-reimport", action="store_true", help="skip importing the same file again")
    parser.add_argument("--no-search", action="store_true", help="import, export and re-import only")
    parser.add_argument("--keep-schema", action="store_true",
                        help=f"PostgreSQL: import into the schema {KEPT_SCHEMA} once and keep it; later runs time the "
                             "searches only (drop it with DROP SCHEMA ... CASCADE when done)")
    parser.add_argument("--bulk", action="store_true",
                        help="fill the tables directly instead of importing (for the search figures only)")
    args = parser.parse_args()
    start = time.perf_counter()
    content = partner_csv(args.size)
    print(f"generated {args.size} partners in {time.perf_counter() - start:.1f} s (figures on a shared machine)")
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            run(normalise_database_url(f"sqlite:///{folder}/bench.db"), content, args.size, args.repeat,
                not args.no_reimport, args.bulk, not args.no_search)
    if args.database_url and args.engine in ("postgresql", "both"):
        base = normalise_database_url(args.database_url)
        if args.keep_schema:
            run_kept(base, content, args)
            return
        run_sql(base, f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE", f"CREATE SCHEMA {SCHEMA}")
        try:
            run(base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{SCHEMA}", content, args.size,
                args.repeat, not args.no_reimport, args.bulk, not args.no_search)
        finally:
            run_sql(base, f"DROP SCHEMA {SCHEMA} CASCADE")


def run_kept(base: str, content: bytes, args) -> None:
    """--keep-schema: the searches against a schema loaded by an earlier run (loaded now when it is missing), so
    that trying a change to the searches costs no import. A change to the search index's columns or indexes
    needs the schema dropped first."""
    engine = create_engine(base)
    with engine.connect() as connection:
        loaded = connection.execute(text("SELECT to_regclass(:table)"),
                                    {"table": f"{KEPT_SCHEMA}.partner_search_docs"}).scalar()
    engine.dispose()
    if not loaded:
        run_sql(base, f"CREATE SCHEMA IF NOT EXISTS {KEPT_SCHEMA}")
    url = base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{KEPT_SCHEMA}"
    run(url, content, args.size, args.repeat, False, args.bulk, True, kept=bool(loaded))


if __name__ == "__main__":
    main()
