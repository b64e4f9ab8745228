"""Capacity holds when many people register at the same moment: concurrent HTTP requests from threads against
a real threaded server, on whichever engine the suite runs (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

import pytest
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from partners.accounts.models import User
from partners.events.models import Event, Registration, RegistrationStatus
from partners.extensions import db
from tests.conftest import csrf_token
from tests.events.factories import gen_event
from tests.events.test_registration import staff_fields
from tests.factories import PASSWORD, gen_user


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def live_server(app, make_app):
    """The app served by a threaded server; the login rate limit is off (hundreds sign in from one address). On
    SQLite the 300 writers queue for one lock: with the suite's other worker busy on the same two cores the
    queue can outlast the default 10-second busy timeout, which would answer 503, and 300 threads queue for the
    connection pool's 15 connections longer than its 30 seconds; so requests may wait longer here. What this
    proves is the count; bench/ measures the speed with a server's real number of workers."""
    app = make_app(RATELIMIT_ENABLED=False, SQLITE_BUSY_TIMEOUT_SECONDS=120,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_timeout": 120})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.socket.listen(1024)  # 300 connect at once: werkzeug's backlog of 128 could reset some of them
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def signed_in_opener(base: str, email: str):
    opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect)
    token = csrf_token(opener.open(f"{base}/accounts/login").read().decode())
    try:
        opener.open(f"{base}/accounts/login", urlencode({"csrf_token": token, "email": email,
                                                          "password": PASSWORD}).encode())
    except HTTPError as redirect:
        assert redirect.code == 302
    return opener


def register_all(base: str, event_id: int, openers: list) -> list[int]:
    """Each person fetches the form, then all post at once (a barrier releases them together)."""
    tokens = [csrf_token(opener.open(f"{base}/events/{event_id}/register").read().decode()) for opener in openers]
    barrier = threading.Barrier(len(openers))

    def post(index: int) -> int:
        body = urlencode({"csrf_token": tokens[index], "mode": "in_person"}).encode()
        barrier.wait()
        try:
            return openers[index].open(f"{base}/events/{event_id}/register", body, timeout=60).status
        except HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=len(openers)) as pool:
        return list(pool.map(post, range(len(openers))))


def counts(app, event_id: int) -> dict:
    with app.app_context():
        rows = db.session.execute(select(Registration.status, func.count()).where(
            Registration.event_id == event_id).group_by(Registration.status)).all()
    return {str(status): number for status, number in rows}


def people(app, number: int, prefix: str) -> list[str]:
    """Accounts whose password is quick to check: 300 logins with the real scrypt hash took a minute of CPU
    before the sign-ups this test is about even began (logging in is tested in tests/accounts)."""
    users = [gen_user(app, email=f"{prefix}{index}@example.jp") for index in range(number)]
    with app.app_context():
        db.session.execute(update(User).where(User.id.in_([user.id for user in users])).values(
            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    return [user.email for user in users]


def test_twenty_people_for_the_last_seat_exactly_one_gets_it(app, live_server):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    openers = [signed_in_opener(live_server, email) for email in people(app, 20, "last")]

    statuses = register_all(live_server, event.id, openers)

    assert set(statuses) == {302}, statuses
    assert counts(app, event.id) == {RegistrationStatus.REGISTERED.value: 1, RegistrationStatus.WAITLISTED.value: 19}


def test_three_hundred_sign_ups_for_a_hundred_seats_confirm_exactly_a_hundred(app, live_server):
    event = gen_event(app, format="in_person", capacity_in_person=100, capacity_online=None)
    openers = [signed_in_opener(live_server, email) for email in people(app, 300, "crowd")]

    statuses = register_all(live_server, event.id, openers)

    assert set(statuses) == {302}, sorted(set(statuses))
    assert counts(app, event.id) == {RegistrationStatus.REGISTERED.value: 100,
                                     RegistrationStatus.WAITLISTED.value: 200}


def test_sign_ups_cancellations_and_a_capacity_raise_at_once_leave_no_seat_free_while_people_wait(app, live_server):
    """Ten seats taken and five people waiting; then at the same moment twenty more sign up, five seated
    people cancel and staff raise the capacity to fifteen. Afterwards the event's seat counter equals the seats
    held, no more than fifteen are held, and nobody waits while a seat is free."""
    event = gen_event(app, format="in_person", capacity_in_person=10, capacity_online=None)
    early = {email: signed_in_opener(live_server, email) for email in people(app, 15, "early")}
    assert set(register_all(live_server, event.id, list(early.values())[:10])) == {302}
    assert set(register_all(live_server, event.id, list(early.values())[10:])) == {302}
    with app.app_context():
        seated = db.session.execute(select(Registration.id, User.email).join(Registration.user).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.REGISTERED)
            .order_by(Registration.id).limit(5)).all()
    leaving = [(early[email], registration_id) for registration_id, email in seated]
    late = [signed_in_opener(live_server, email) for email in people(app, 20, "late")]
    staff_email = gen_user(app, email="staff@example.jp", roles=("staff",)).email
    with app.app_context():
        db.session.execute(update(User).where(User.email == staff_email).values(
            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    staff = signed_in_opener(live_server, staff_email)
    sign_up_tokens = [csrf_token(opener.open(f"{live_server}/events/{event.id}/register").read().decode())
                      for opener in late]
    cancel_tokens = [csrf_token(opener.open(f"{live_server}/events/registrations/{registration_id}").read()
                                .decode()) for opener, registration_id in leaving]
    edit_token = csrf_token(staff.open(f"{live_server}/staff/events/{event.id}/edit").read().decode())
    steps = [(opener, f"/events/{event.id}/register", {"csrf_token": token, "mode": "in_person"})
             for opener, token in zip(late, sign_up_tokens, strict=True)]
    steps += [(opener, f"/events/registrations/{registration_id}/cancel", {"csrf_token": token})
              for (opener, registration_id), token in zip(leaving, cancel_tokens, strict=True)]
    steps.append((staff, f"/staff/events/{event.id}/edit",
                  staff_fields(event, capacity_in_person="15") | {"csrf_token": edit_token}))
    barrier = threading.Barrier(len(steps))

    def post(step) -> int:
        opener, path, fields = step
        body = urlencode(fields, doseq=True).encode()
        barrier.wait()
        try:
            return opener.open(f"{live_server}{path}", body, timeout=60).status
        except HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=len(steps)) as pool:
        statuses = list(pool.map(post, steps))

    assert set(statuses) == {302}, statuses
    found = counts(app, event.id)
    held, waiting = found.get("registered", 0), found.get("waitlisted", 0)
    assert found.get("cancelled") == 5 and held + waiting == 30, found
    assert held == 15 and waiting == 15, found
    with app.app_context():
        assert db.session.get(Event, event.id).seats_taken_in_person == held
