"""Benchmark: event sign-ups under concurrency and public event pages, against real gunicorn servers on 127.0.0.1.

    .venv/bin/python bench/events.py [--database-url postgresql://postgres@127.0.0.1:5432/test] [--part signups|pages]

Sign-ups: 1,000 distinct signed-in people (accounts and server-side sessions made directly, not through the
rate-limited login) post the registration form at once for 300 seats, against gunicorn with 4 workers warmed up
by 40 sign-ups for another event; prints sign-ups/s, p50/p95 latency, the confirmed seats (must be 300), and the
CPU time per sign-up of the workers, of their PostgreSQL backends and of the load client, with the load
average (the machine is shared: CPU per sign-up says more than the rate). Pages: the public event page and the events
list against a bare Flask page of the same amount of HTML (bench/bare_app.py), both on gunicorn with 2
workers, loaded in turns by a threaded client in a second process for a fixed time; prints requests/s, p50/p95,
each server's CPU per request (steadier than requests/s on a shared machine) and the ratios. Nothing is
asserted except the seat count; every loop is bounded. PostgreSQL runs in a throwaway schema."""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import g, session  # noqa: E402
from flask_login.utils import _create_identifier  # noqa: E402
from flask_wtf.csrf import generate_csrf  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from config import Config, normalise_database_url  # noqa: E402
from partners import create_app  # noqa: E402
from partners.accounts.models import User, UserSession  # noqa: E402
from partners.accounts.sessions import hash_token  # noqa: E402
from partners.core.timeutil import utcnow  # noqa: E402
from partners.events import publishing  # noqa: E402
from partners.events.models import EventFormat, EventKind, Registration, RegistrationStatus  # noqa: E402
from partners.events.publishing import EventData  # noqa: E402
from partners.extensions import db  # noqa: E402

SECRET = "bench-" + secrets.token_hex(16)
AGENT = "bench/events"
# One schema per run and part: two engineers benchmarking at once (sign-ups here, pages there) must not drop
# each other's.
SCHEMA = f"bench_events_{os.getpid()}"
PAGES_SCHEMA = f"bench_event_pages_{os.getpid()}"
START_TIMEOUT = 60
REQUEST_TIMEOUT = 120
LIST_EVENTS = 20
WARM_UP_SIGN_UPS = 40  # on another event, before the measured burst


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with `workers` sync workers, stopped (its process group) on exit."""

    def __init__(self, app_spec: str, workers: int, env: dict, pythonpath: str | None = None):
        self.port = free_port()
        command = [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                   "--backlog", "2048", "--timeout", str(REQUEST_TIMEOUT), "--log-level", "warning", app_spec]
        if pythonpath:
            command[1:1] = ["--pythonpath", pythonpath]
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            command, cwd=ROOT, env=os.environ | env, start_new_session=True)

    def __enter__(self) -> "Server":
        """Returns once the port answers, then warms the workers up (imports, templates, catalogues)."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            self.__exit__()
            raise RuntimeError("gunicorn did not start")
        return self

    def warm_up(self, path: str, requests: int = 40) -> None:
        for _ in range(requests):
            fetch(self.port, path)

    def cpu_seconds(self) -> float:
        """CPU time (user and system) gunicorn and its workers have used so far, from /proc (Linux): the
        server's own cost per request, which a shared machine's other work does not change the way it changes
        requests per second."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process has ended
                continue
            if int(fields[2]) == self.process.pid:  # its process group: the master and its workers
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def app_env(url: str, port_hint: str = "127.0.0.1") -> dict:
    """The production profile, as a city runs it (no debug, no testing shortcuts)."""
    return {"APP_ENV": "production", "SECRET_KEY": SECRET, "DATABASE_URL": url, "SERVER_NAME": port_hint,
            "TRUSTED_HOSTS": "127.0.0.1", "MAIL_TRANSPORT": "console"}


def make_app(url: str, **overrides):
    return create_app(Config, **{"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "SERVER_NAME": "127.0.0.1",
                                 "TRUSTED_HOSTS": ["127.0.0.1"]} | overrides)


def new_event(app, staff: User, capacity: int, title: str, days: int = 7) -> int:
    with app.test_request_context():
        starts_at = utcnow() + timedelta(days=days)
        data = EventData(kind=EventKind.LECTURE, title=title, theme="生物多様性", starts_at=starts_at,
                         ends_at=starts_at + timedelta(hours=2), format=EventFormat.IN_PERSON,
                         venue="つくば市役所 会議室", venue_address="つくば市研究学園1-1-1",
                         description="牛久沼周辺の生きもの調査の結果から、身近な自然を守るためにできることを学びます。",
                         capacity_in_person=capacity)
        actor = db.session.get(User, staff.id)
        event = publishing.create_event(data, actor)
        db.session.commit()
        publishing.publish(event.id, actor)
        db.session.commit()
        return event.id


def new_staff() -> User:
    staff = User(email="staff@example.jp", name="職員", locale="ja", failed_logins=0,
                 password_hash=generate_password_hash(secrets.token_hex(8), method="scrypt"))
    db.session.add(staff)
    db.session.commit()
    return staff


def signed_in_people(app, count: int) -> list[tuple[str, str]]:
    """`count` verified accounts, each with a live server-side session; returns each one's session cookie and
    form token, made the way Flask, Flask-Login and Flask-WTF make them."""
    password_hash = generate_password_hash(secrets.token_hex(8), method="scrypt")
    now = utcnow()
    users = [User(email=f"bench{index}@example.jp", name=f"参加 {index}", password_hash=password_hash, locale="ja",
                  failed_logins=0, email_verified_at=now) for index in range(count)]
    db.session.add_all(users)
    db.session.flush()
    tokens = [secrets.token_urlsafe(32) for _ in users]
    db.session.add_all(UserSession(user_id=user.id, token_hash=hash_token(token), remember=False, user_agent=AGENT,
                                   created_at=now, last_seen_at=now) for user, token in zip(users, tokens, strict=True))
    db.session.commit()
    signer = app.session_interface.get_signing_serializer(app)
    people = []
    for token in tokens:
        with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": AGENT}):
            session.update({"_user_id": token, "_fresh": False, "_id": _create_identifier()})
            g.pop("csrf_token", None)  # Flask-WTF keeps the token on the app context, shared by these requests
            form_token = generate_csrf()
            people.append((signer.dumps(dict(session)), form_token))
    return people


def post_sign_up(port: int, event_id: int, cookie: str, form_token: str) -> tuple[int, float]:
    body = urlencode({"csrf_token": form_token, "mode": "in_person"})
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("POST", f"/events/{event_id}/register", body, {
            "Cookie": f"session={cookie}", "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": AGENT, "Host": "127.0.0.1"})
        status = connection.getresponse().status
    finally:
        connection.close()
    return status, time.perf_counter() - start


def sign_ups(url: str, count: int, seats: int, workers: int) -> None:
    app = make_app(url)
    with app.app_context():
        db.create_all()
        staff = new_staff()
        event_id = new_event(app, staff, seats, "生物多様性 パートナー講座")
        warm_up_event_id = new_event(app, staff, WARM_UP_SIGN_UPS // 2, "準備運動")
        people = signed_in_people(app, count + WARM_UP_SIGN_UPS)
        warm_up_people, people = people[:WARM_UP_SIGN_UPS], people[WARM_UP_SIGN_UPS:]
    barrier = threading.Barrier(count + 1)
    load_before = os.getloadavg()[0]
    with Server("partners:create_app()", workers, app_env(with_application_name(url))) as server:
        server.warm_up(f"/events/{event_id}")
        for person in warm_up_people:  # as a running server is: both ways through a sign-up taken in each worker
            post_sign_up(server.port, warm_up_event_id, *person)

        def one(person):
            barrier.wait(timeout=REQUEST_TIMEOUT)
            return post_sign_up(server.port, event_id, *person)

        with ThreadPoolExecutor(max_workers=count) as pool:
            futures = [pool.submit(one, person) for person in people]
            cpu_before = CpuTimes.now(server, url)  # read while the workers idle: reading /proc under load is slow
            start = time.perf_counter()
            barrier.wait(timeout=REQUEST_TIMEOUT)
            results = [future.result(timeout=REQUEST_TIMEOUT * 2) for future in futures]
            elapsed = time.perf_counter() - start
            cpu = CpuTimes.now(server, url).since(cpu_before)
    with app.app_context():
        confirmed = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.REGISTERED))
        waiting = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED))
        db.engine.dispose()
    latencies = sorted(latency for _status, latency in results)
    statuses = sorted({status for status, _latency in results})
    cuts = statistics.quantiles(latencies, n=100)
    print(f"sign-ups ({app_engine(url)}, gunicorn {workers} workers): {count} people for {seats} seats")
    print(f"  {count / elapsed:8.1f} sign-ups/s   p50 {cuts[49] * 1000:7.1f} ms   p95 {cuts[94] * 1000:7.1f} ms"
          f"   ({elapsed:.2f} s in all; HTTP {statuses})")
    print(f"  confirmed seats {confirmed} (must be {seats}: {'OK' if confirmed == seats else 'OVERBOOKED'}),"
          f" waiting {waiting}")
    print(f"  CPU per sign-up: app (gunicorn workers) {cpu.app / count * 1000:.1f} ms"
          + (f", PostgreSQL (their backends) {cpu.database / count * 1000:.1f} ms" if cpu.database else "")
          + f", load client {cpu.client / count * 1000:.1f} ms   (load average {load_before:.1f} before the"
          " burst, whose own threads the load average counts once it starts)")


APPLICATION_NAME = "bench-events"


def with_application_name(url: str) -> str:
    """The server's database URL, naming its connections so that their PostgreSQL backends can be found."""
    if app_engine(url) != "postgresql":
        return url
    return url + ("&" if "?" in url else "?") + f"application_name={APPLICATION_NAME}"


@dataclass
class CpuTimes:
    """CPU seconds used by the server's processes, by the PostgreSQL backends serving them and by this process
    (the load client), read from /proc: on a shared machine the wall clock includes waiting for a core, the
    CPU time does not. A backend that appears between two readings counts from its start."""

    app: float
    backends: dict[int, float]
    client: float

    @property
    def database(self) -> float:
        return sum(self.backends.values())

    @classmethod
    def now(cls, server: "Server", url: str) -> "CpuTimes":
        group = server.process.pid  # gunicorn runs in a session (and process group) of its own
        workers = [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and _stat(int(pid))[1:2] == [group]]
        backends = []
        if app_engine(url) == "postgresql":
            engine = create_engine(normalise_database_url(url))
            with engine.connect() as connection:
                backends = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                                              {"name": APPLICATION_NAME}).scalars().all()
            engine.dispose()
        return cls(app=sum(_cpu_seconds(pid) for pid in workers),
                   backends={pid: _cpu_seconds(pid) for pid in backends}, client=time.process_time())

    def since(self, before: "CpuTimes") -> "CpuTimes":
        return CpuTimes(app=self.app - before.app, client=self.client - before.client,
                        backends={pid: used - before.backends.get(pid, 0.0) for pid, used in self.backends.items()})


def _stat(pid: int) -> list[int]:
    """The numeric fields of /proc/<pid>/stat after the command name (state left out), [] when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []
    return [int(field) for field in fields[1:]]


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (fields[10] + fields[11]) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def pages(url: str, duration: float, clients: int) -> None:
    app = make_app(url)
    with app.app_context():
        db.create_all()
        staff = new_staff()
        event_ids = [new_event(app, staff, 40, f"パートナー講座 第{index + 1}回", days=index + 1)
                     for index in range(LIST_EVENTS)]
        db.engine.dispose()
    with Server("partners:create_app()", 2, app_env(url)) as server, \
            Server("bare_app:create_app()", 2, {}, pythonpath=str(ROOT / "bench")) as bare:
        server.warm_up("/events/")
        bare.warm_up("/rows/10")
        print(f"pages ({app_engine(url)}, gunicorn 2 workers each; {clients} client threads in a second process,"
              f" {duration:.0f} s per page in {ROUNDS} turns with the bare page's; figures on a shared machine)")
        for label, path in (("event page", f"/events/{event_ids[0]}"), ("events list", "/events/")):
            size = len(fetch(server.port, path))
            rows = bare_rows_for(bare.port, size)
            baseline, ours = compare(bare, f"/rows/{rows}", server, path, duration, clients)
            print(f"  {label}")
            print_figures(f"bare Flask, {rows}-row table", baseline, len(fetch(bare.port, f"/rows/{rows}")))
            print_figures("ours", ours, size)
            print_ratio(ours, baseline)


ROUNDS = 4


def compare(bare: Server, bare_path: str, server: Server, path: str, duration: float, clients: int,
            cookie: str = "") -> tuple[dict, dict]:
    """Loads the bare page and ours in turn, ROUNDS times each for a share of `duration`, so that both meet the
    same moments of a shared machine; returns each one's requests/s, p50, p95 and server CPU per request."""
    totals = [{"requests": 0, "seconds": 0.0, "cpu": 0.0, "latencies": []} for _ in range(2)]
    for _ in range(ROUNDS):
        for total, (target, target_path, who) in zip(totals, ((bare, bare_path, ""), (server, path, cookie)),
                                                    strict=True):
            cpu = target.cpu_seconds()
            result = load_in_second_process(target.port, target_path, duration / ROUNDS, clients, who)
            total["cpu"] += target.cpu_seconds() - cpu
            total["requests"] += len(result["latencies"])
            total["seconds"] += result["seconds"]
            total["latencies"] += result["latencies"]
    return tuple(figures(total) for total in totals)


def figures(total: dict) -> dict:
    every = sorted(total["latencies"]) or [0.0]
    cuts = statistics.quantiles(every, n=20) if len(every) > 1 else [every[0]] * 19
    return {"per_second": total["requests"] / total["seconds"], "p50": statistics.median(every), "p95": cuts[18],
            "cpu_ms": total["cpu"] / max(total["requests"], 1) * 1000}


def print_figures(name: str, result: dict, size: int) -> None:
    print(f"    {name:26} {result['per_second']:8.1f} req/s   p50 {result['p50'] * 1000:6.1f} ms   p95 "
          f"{result['p95'] * 1000:6.1f} ms   server CPU {result['cpu_ms']:5.2f} ms/request   ({size / 1024:.1f} KiB)")


def print_ratio(ours: dict, baseline: dict) -> None:
    print(f"    ratio {ours['per_second'] / baseline['per_second'] * 100:5.1f} % of the bare page's requests/s;"
          f" server CPU per request {baseline['cpu_ms'] / ours['cpu_ms'] * 100:5.1f} % of ours")


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "User-Agent": AGENT})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}")
        return body
    finally:
        connection.close()


def bare_rows_for(port: int, size: int) -> int:
    """The number of rows that makes the bare page at least `size` bytes."""
    per_row = len(fetch(port, "/rows/101")) - len(fetch(port, "/rows/100"))
    empty = len(fetch(port, "/rows/0"))
    return max(0, -(-(size - empty) // per_row))


def load_in_second_process(port: int, path: str, duration: float, clients: int, cookie: str = "") -> dict:
    command = [sys.executable, __file__, "load", "--port", str(port), "--path", path, "--duration", str(duration),
               "--clients", str(clients), "--cookie", cookie]
    output = subprocess.run(command, capture_output=True, text=True, check=True,  # noqa: S603 - this script
                            timeout=duration + REQUEST_TIMEOUT)
    return json.loads(output.stdout)


def load(port: int, path: str, duration: float, clients: int, cookie: str = "") -> None:
    """The load tool: `clients` threads, each on one keep-alive connection, GET `path` (with the session cookie,
    if given) until `duration` ends; prints the latency of each answer that was 200 and the seconds taken."""
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
    print(json.dumps({"seconds": time.monotonic() - start,
                      "latencies": [latency for per_client in latencies for latency in per_client]}))


def app_engine(url: str) -> str:
    return url.split(":", 1)[0].split("+", 1)[0]


def throwaway(url: str | None, folder: str, schema: str = SCHEMA) -> str:
    """A temporary SQLite file, or a fresh schema of the PostgreSQL database. Each benchmark names its own
    schema: two running at once on the shared database must not drop each other's tables."""
    if not url:
        return normalise_database_url(f"sqlite:///{folder}/bench.db")
    url = normalise_database_url(url)
    run_sql(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}")
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


def run_sql(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


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
    parser.add_argument("--part", choices=["signups", "pages", "all"], default="all")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=300)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page")
    parser.add_argument("--clients", type=int, default=8, help="client threads for the page load")
    args = parser.parse_args()
    for part in ("signups", "pages"):
        if args.part not in (part, "all"):
            continue
        schema = SCHEMA if part == "signups" else PAGES_SCHEMA
        with tempfile.TemporaryDirectory() as folder:
            url = throwaway(args.database_url, folder, schema)
            try:
                if part == "signups":
                    sign_ups(url, args.people, args.seats, workers=4)
                else:
                    pages(url, args.duration, args.clients)
            finally:
                if args.database_url:
                    run_sql(normalise_database_url(args.database_url), f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
