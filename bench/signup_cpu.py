"""Benchmark: the CPU time of one sign-up and how long it holds the event's row, in process (no server, no load
client), for a shared machine where requests per second say little.

    .venv/bin/python bench/signup_cpu.py [--database-url postgresql://postgres@127.0.0.1:5432/test] [--rounds 3]

People sign up one after another through the app's test client (the real view, form and CSRF check) for an event
with `--seats` seats: those who get a seat, then those who join the waiting list. Prints, per kind of sign-up,
the CPU time of this process per sign-up, and how long the event's row was held: from the statement that
takes the seat or locks the row (on SQLite, from BEGIN IMMEDIATE, which takes the database's write lock) to the
end of the commit, in CPU time of this process and in wall-clock time (which includes the database's work).
The lowest of `--rounds` rounds is printed: other work on the machine only ever adds to a figure. The database
server's own CPU is not counted here; bench/events.py reads it for a real server."""

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event as sqlalchemy_event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.events import (  # noqa: E402
    AGENT,
    SCHEMA,
    app_engine,
    make_app,
    new_event,
    new_staff,
    normalise_database_url,
    run_sql,
    signed_in_people,
    throwaway,
)
from partners.extensions import db  # noqa: E402

WARM_UP = 20
# Where a sign-up starts holding the event's row (PostgreSQL) or the database's write lock (SQLite).
LOCKING = ("UPDATE events SET seats_taken", "BEGIN IMMEDIATE")
ROW_LOCKS = ("FOR UPDATE", "FOR NO KEY UPDATE")


@dataclass
class Holds:
    """The times the event's row was held, each from its locking statement to the end of the commit."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    since: tuple[float, float] | None = None

    def start(self, statement: str) -> None:
        if self.since is None and (statement.startswith(LOCKING) or statement.endswith(ROW_LOCKS)):
            self.since = (time.process_time(), time.perf_counter())

    def end(self) -> None:
        if self.since is not None:
            self.cpu.append(time.process_time() - self.since[0])
            self.wall.append(time.perf_counter() - self.since[1])
            self.since = None


def one_round(url: str, people_count: int, seats: int) -> dict[str, tuple[float, float, float]]:
    """Per kind of sign-up: (CPU per sign-up, CPU and wall-clock time the row was held per sign-up)."""
    app = make_app(url, SESSION_COOKIE_SECURE=False)
    with app.app_context():
        db.create_all()
        event_id = new_event(app, new_staff(), seats, "生物多様性 パートナー講座")
        people = signed_in_people(app, people_count)
        engine = db.engine
    client = app.test_client()

    def sign_up(cookie: str, form_token: str) -> None:
        client.set_cookie("session", cookie, domain="127.0.0.1")
        answer = client.post(f"/events/{event_id}/register", data={"csrf_token": form_token, "mode": "in_person"},
                             base_url="https://127.0.0.1",
                             headers={"Referer": "https://127.0.0.1/", "User-Agent": AGENT})
        if answer.status_code != 302:
            raise RuntimeError(f"sign-up answered HTTP {answer.status_code}")

    for person in people[:WARM_UP]:
        sign_up(*person)
    groups = {"seat": people[WARM_UP:seats], "waiting list": people[seats:]}
    holds = Holds()

    def statement_starts(_connection, _cursor, statement, *_args) -> None:
        holds.start(statement)

    def committed(_session) -> None:
        holds.end()

    sqlalchemy_event.listen(engine, "before_cursor_execute", statement_starts)
    sqlalchemy_event.listen(Session, "after_commit", committed)
    figures = {}
    try:
        for kind, group in groups.items():
            holds.cpu.clear()
            holds.wall.clear()
            start = time.process_time()
            for person in group:
                sign_up(*person)
            figures[kind] = ((time.process_time() - start) / len(group), sum(holds.cpu) / len(group),
                             sum(holds.wall) / len(group))
    finally:
        sqlalchemy_event.remove(Session, "after_commit", committed)
        sqlalchemy_event.remove(engine, "before_cursor_execute", statement_starts)
    with app.app_context():
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--seats", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    best: dict[str, tuple[float, float, float]] = {}
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            url = throwaway(args.database_url, folder)
            try:
                for kind, figures in one_round(url, args.people, args.seats).items():
                    best[kind] = min(best.get(kind, figures), figures)
            finally:
                if args.database_url:
                    run_sql(normalise_database_url(args.database_url), f"DROP SCHEMA {SCHEMA} CASCADE")
    print(f"sign-ups in process ({app_engine(url)}; lowest of {args.rounds} rounds; load average "
          f"{os.getloadavg()[0]:.1f})")
    for kind, (cpu, held_cpu, held_wall) in best.items():
        print(f"  {kind:13} CPU {cpu * 1000:5.2f} ms per sign-up;  the event's row held {held_cpu * 1000:5.2f} ms"
              f" of it, {held_wall * 1000:5.2f} ms wall-clock")


if __name__ == "__main__":
    main()
