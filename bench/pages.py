"""Benchmark: the public member list and the staff list (50 cards/rows, 100,000 partners in the database)
against a bare Flask page with the same 50 rows, each under gunicorn with 2 workers, loaded from a second
process for a fixed time; prints requests/s, p50 and p95 side by side and the ratio to the bare page.

    .venv/bin/python bench/pages.py [--size 100000] [--duration 10] [--database-url postgresql://…]

Pattern and helpers from bench/events.py. Figures, not assertions; every loop is bounded."""

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.directory_data import bulk_load  # noqa: E402
from bench.events import (  # noqa: E402  # noqa: E402
    REQUEST_TIMEOUT,
    SCHEMA,
    Server,
    app_engine,
    app_env,
    fetch,
    make_app,
    run_sql,
    signed_in_people,
    throwaway,
)
from config import normalise_database_url  # noqa: E402
from partners.accounts.models import Role, User  # noqa: E402
from partners.extensions import db  # noqa: E402

AGENT = "bench/pages"


def prepare(url: str, size: int) -> str:
    """Fill the database; returns the session cookie of a signed-in member of staff."""
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
        db.engine.dispose()
    return cookie


def load_in_second_process(port: int, path: str, duration: float, clients: int, cookie: str = "") -> dict:
    command = [sys.executable, __file__, "load", "--port", str(port), "--path", path, "--duration", str(duration),
               "--clients", str(clients), "--cookie", cookie]
    output = subprocess.run(command, capture_output=True, text=True, check=True,  # noqa: S603 - this script
                            timeout=duration + REQUEST_TIMEOUT)
    return json.loads(output.stdout)


def load(port: int, path: str, duration: float, clients: int, cookie: str) -> None:
    """`clients` threads, each on one keep-alive connection, GET `path` until `duration` ends; latencies kept."""
    deadline = time.monotonic() + duration
    latencies: list[list[float]] = [[] for _ in range(clients)]
    headers = {"Host": "127.0.0.1", "User-Agent": AGENT} | ({"Cookie": f"session={cookie}"} if cookie else {})

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                latencies[index].append(time.perf_counter() - start)
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        connection.close()

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + REQUEST_TIMEOUT)
    elapsed = time.monotonic() - start
    every = sorted(latency for per_client in latencies for latency in per_client) or [0.0]
    cuts = statistics.quantiles(every, n=20) if len(every) > 1 else [every[0]] * 19
    print(json.dumps({"per_second": len(every) / elapsed, "p50": statistics.median(every), "p95": cuts[18]}))


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
    cookie = prepare(url, size)
    with Server("partners:create_app()", 2, app_env(url)) as server, \
            Server("bare_app:create_app()", 2, {}, pythonpath=str(ROOT / "bench")) as bare:
        server.warm_up("/directory/")
        bare.warm_up("/rows/50")
        for _ in range(20):
            fetch_as(server.port, "/staff/partners", cookie)
        targets = [("public list", "/directory/", ""), ("public list, keyword 森", "/directory/?q=%E6%A3%AE", ""),
                   ("staff list", "/staff/partners", cookie)]
        sizes = {label: len(fetch_as(server.port, path, cookie) if who else fetch(server.port, path))
                 for label, path, who in targets}
        print(f"pages ({app_engine(url)}, {size} partners, gunicorn 2 workers each; {clients} client threads in a "
              f"second process, {duration:.0f} s per page; figures on a shared machine)")
        baseline = load_in_second_process(bare.port, "/rows/50", duration, clients)
        print(f"  {'bare Flask, 50-row table':26} {baseline['per_second']:8.1f} req/s   p50 "
              f"{baseline['p50'] * 1000:6.1f} ms   p95 {baseline['p95'] * 1000:6.1f} ms"
              f"   ({len(fetch(bare.port, '/rows/50')) / 1024:.1f} KiB)")
        for label, path, who in targets:
            ours = load_in_second_process(server.port, path, duration, clients, who)
            print(f"  {label:26} {ours['per_second']:8.1f} req/s   p50 {ours['p50'] * 1000:6.1f} ms   p95 "
                  f"{ours['p95'] * 1000:6.1f} ms   ({sizes[label] / 1024:.1f} KiB)   "
                  f"{ours['per_second'] / baseline['per_second'] * 100:5.1f} % of bare")


def main() -> None:
    if sys.argv[1:2] == ["load"]:
        parser = argparse.ArgumentParser()
        for name, kind in (("--port", int), ("--path", str), ("--duration", float), ("--clients", int),
                           ("--cookie", str)):
            parser.add_argument(name, type=kind, required=name != "--cookie", default="")
        args = parser.parse_args(sys.argv[2:])
        load(args.port, args.path, args.duration, args.clients, args.cookie)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page")
    parser.add_argument("--clients", type=int, default=8, help="client threads for the page load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages(throwaway(args.database_url, folder), args.size, args.duration, args.clients)
    if args.database_url:
        run_sql(normalise_database_url(args.database_url), f"DROP SCHEMA {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()
