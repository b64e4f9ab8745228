"""The seat counter on the event's row (what a sign-up takes its seat from) always equals the registrations
holding a seat, whatever changes them: sign-ups, cancelling, the waiting list, staff changing capacity,
cancelling or finishing the event, group contacts registering people, applying in the same step, erasure.
And a sign-up that read the event before someone else changed its seats still ends where it should."""

from datetime import timedelta

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from partners.accounts.models import User
from partners.core.timeutil import utcnow
from partners.events import publishing
from partners.events.models import SEATED, AttendanceMode, Event, EventKind, Registration, RegistrationStatus
from partners.events.registration import NamedPerson, cancel_registration, register_named, sign_up_event
from partners.events.registration import sign_up as register_for
from partners.extensions import db
from partners.outbox.models import OutboxMessage
from tests.conftest import csrf_token
from tests.events.attendance_factories import fresh, gen_registration, gen_staff
from tests.events.factories import gen_event
from tests.events.report_factories import attend, finish, hold
from tests.events.test_registration import staff_fields
from tests.factories import PASSWORD, gen_partner, gen_user

IN_PERSON, ONLINE = AttendanceMode.IN_PERSON, AttendanceMode.ONLINE


def seats(app, event_id: int) -> dict[str, tuple[int, int]]:
    """Per way of attending: (the event's counter, the registrations holding a seat)."""
    with app.app_context():
        event = db.session.get(Event, event_id)
        return {str(mode): (event.seats_taken(mode), db.session.scalar(
            select(func.count()).select_from(Registration).where(
                Registration.event_id == event_id, Registration.mode == mode, Registration.status.in_(SEATED))))
            for mode in AttendanceMode}


def assert_counted(app, event_id: int, in_person: int, online: int = 0) -> None:
    assert seats(app, event_id) == {"in_person": (in_person, in_person), "online": (online, online)}


def sign_up(app, browser, event_id: int, email: str, mode: str = "in_person"):
    gen_user(app, email=email)
    browser.login(email)
    answer = browser.submit(f"/events/{event_id}/register", {"mode": mode})
    browser.logout()
    return answer


def status_of(app, email: str) -> RegistrationStatus:
    with app.app_context():
        return db.session.scalar(select(Registration.status).join(Registration.user).where(User.email == email)
                                 .order_by(Registration.id.desc()).limit(1))


def test_sign_ups_cancelling_and_promotion_keep_the_counter(app, browser, outbox):
    event = gen_event(app, format="hybrid", capacity_in_person=2, capacity_online=1)
    for number in range(3):
        sign_up(app, browser, event.id, f"room{number}@example.jp")
    sign_up(app, browser, event.id, "screen@example.jp", mode="online")
    assert_counted(app, event.id, in_person=2, online=1)
    assert status_of(app, "room2@example.jp") == RegistrationStatus.WAITLISTED

    browser.login("room0@example.jp")
    with app.app_context():
        first = db.session.scalar(select(Registration.id).join(Registration.user)
                                  .where(User.email == "room0@example.jp"))
    browser.submit(f"/events/registrations/{first}", {}, action=f"/events/registrations/{first}/cancel")

    assert status_of(app, "room2@example.jp") == RegistrationStatus.REGISTERED
    assert_counted(app, event.id, in_person=2, online=1)


def test_staff_raising_and_lowering_capacity_keep_the_counter(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    for email in ("first@example.jp", "second@example.jp", "third@example.jp"):
        sign_up(app, browser, event.id, email)
    gen_user(app, email="staff@example.jp", roles=("staff",))
    browser.login("staff@example.jp")

    browser.submit(f"/staff/events/{event.id}/edit", staff_fields(event, capacity_in_person="2"))
    assert_counted(app, event.id, in_person=2)
    assert status_of(app, "third@example.jp") == RegistrationStatus.WAITLISTED

    browser.submit(f"/staff/events/{event.id}/edit", staff_fields(event, capacity_in_person="1"))
    browser.logout()
    assert_counted(app, event.id, in_person=2)
    sign_up(app, browser, event.id, "fourth@example.jp")
    assert status_of(app, "fourth@example.jp") == RegistrationStatus.WAITLISTED
    assert_counted(app, event.id, in_person=2)


def test_cancelling_the_event_frees_its_seats_and_finishing_keeps_them(app, outbox):
    cancelled = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    gen_registration(app, cancelled)
    gen_registration(app, cancelled)
    staff = gen_staff(app)
    with app.test_request_context():
        publishing.cancel_event(cancelled.id, db.session.get(User, staff.id), "台風のため")
        db.session.commit()
    assert_counted(app, cancelled.id, in_person=0)

    held = gen_event(app, format="in_person", capacity_in_person=5, capacity_online=None)
    came, stayed_away = gen_registration(app, held), gen_registration(app, held)
    hold(app, held.id, utcnow() - timedelta(hours=3))
    attend(app, held.id, [came.id], staff)
    finish(app, held.id, staff)
    assert fresh(app, stayed_away.id).status == RegistrationStatus.NO_SHOW
    assert_counted(app, held.id, in_person=2)


def test_a_group_contact_registering_more_people_than_seats_keeps_the_counter(app, outbox):
    meeting = gen_event(app, kind=EventKind.EXCHANGE, format="in_person", capacity_in_person=2,
                        capacity_online=None)
    contact = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=contact, name="筑波の森", name_kana="ツクバノモリ")
    people = [NamedPerson(f"森 {number}", f"mori{number}@example.jp") for number in range(3)]
    with app.test_request_context():
        registrations = register_named(meeting.id, db.session.get(User, contact.id), group.id, people, IN_PERSON)
        db.session.commit()
        assert [r.status for r in registrations] == [RegistrationStatus.REGISTERED] * 2 + [
            RegistrationStatus.WAITLISTED]
    assert_counted(app, meeting.id, in_person=2)


def test_applying_in_the_same_step_takes_a_seat_and_counts_it(app, browser, outbox):
    event = gen_event(app, certifies=True, format="in_person", capacity_in_person=3, capacity_online=None)
    gen_user(app, email="new@example.jp")
    browser.login("new@example.jp")

    browser.submit(f"/events/{event.id}/register", {
        "name": "筑波 太郎", "name_kana": "ツクバ タロウ", "area": "筑波", "goals": ["15"],
        "visibility_listing": "public", "visibility_activities": "public", "visibility_offers_needs": "public",
        "visibility_contact": "private", "consent": "y", "mode": "in_person",
    })

    assert status_of(app, "new@example.jp") == RegistrationStatus.REGISTERED
    assert_counted(app, event.id, in_person=1)


def test_registering_twice_is_refused_with_a_message_and_after_cancelling_allowed_again(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=5, capacity_online=None)
    gen_user(app, email="twice@example.jp")
    browser.login("twice@example.jp")
    first = browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})

    again = browser.submit(f"/events/{event.id}/register", {"mode": "in_person"}, follow_redirects=True)

    text = again.get_data(as_text=True)
    assert "すでに申し込まれています" in text or "already registered" in text, text
    assert_counted(app, event.id, in_person=1)
    browser.submit(first.location, {}, action=f"{first.location}/cancel")
    assert_counted(app, event.id, in_person=0)
    browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})
    assert status_of(app, "twice@example.jp") == RegistrationStatus.REGISTERED
    assert_counted(app, event.id, in_person=1)


def test_erasing_an_account_gives_its_seat_to_who_waits_and_keeps_the_counter(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    sign_up(app, browser, event.id, "leaving@example.jp")
    sign_up(app, browser, event.id, "waiting@example.jp")
    browser.login("leaving@example.jp")

    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")

    assert status_of(app, "waiting@example.jp") == RegistrationStatus.REGISTERED
    assert_counted(app, event.id, in_person=1)


def mails_about(app, registration_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage.template).where(
            OutboxMessage.about == f"event-registration:{registration_id}")))


@pytest.mark.parametrize(("seat_free_when_read", "seat_free_at_the_end"), [(True, False), (False, True)])
def test_a_sign_up_that_read_the_event_before_its_seats_changed_settles_as_they_are(
        app, seat_free_when_read, seat_free_at_the_end):
    """The request reads the event (its counter), then someone else takes the last seat or frees one, then
    the request registers: it takes no seat that is gone and misses none that came free, and the person gets
    the one mail that says so (the QR code and the .ics only with a seat). Two sessions interleave here; the
    order cannot be forced through HTTP."""
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    holder = None if seat_free_when_read else gen_registration(app, event)
    late = gen_user(app, email="late@example.jp")
    with app.test_request_context():
        seen = sign_up_event(event.id)  # what the sign-up reads first, and holds
        with app.app_context():  # meanwhile, in another request
            if seat_free_when_read:
                gen_registration(app, event)
            else:
                cancel_registration(holder.id, db.session.get(User, holder.user_id))
                db.session.commit()
        assert seen.seats_taken_in_person == (0 if seat_free_when_read else 1), "read before the change"
        registration_id = register_for(seen, db.session.get(User, late.id), IN_PERSON)
        db.session.commit()

    expected = RegistrationStatus.REGISTERED if seat_free_at_the_end else RegistrationStatus.WAITLISTED
    assert fresh(app, registration_id).status == expected
    assert mails_about(app, registration_id) == ["event_registered" if seat_free_at_the_end else "event_waitlisted"]
    assert_counted(app, event.id, in_person=1)


def test_a_check_in_code_that_another_registration_has_is_drawn_again(app, browser, outbox, monkeypatch):
    event = gen_event(app, format="in_person", capacity_in_person=5, capacity_online=None)
    taken = gen_registration(app, event).check_in_code
    draws = iter([taken, "ZZZZ2345"])
    monkeypatch.setattr("partners.events.registration.new_check_in_code", lambda: next(draws))

    answer = sign_up(app, browser, event.id, "unlucky@example.jp")

    assert answer.status_code == 302
    with app.app_context():
        codes = db.session.scalars(select(Registration.check_in_code).order_by(Registration.id)).all()
    assert codes == [taken, "ZZZZ2345"]
    assert status_of(app, "unlucky@example.jp") == RegistrationStatus.REGISTERED
    assert_counted(app, event.id, in_person=2)


def statements_of_one_sign_up(app, browser, event_id: int) -> list[str]:
    """Every statement of the sign-up, on any of the app's pools (the signed-in user is read on the autocommit
    pool on PostgreSQL)."""
    statements = []

    def remember(_connection, _cursor, statement, *_args):
        statements.append(" ".join(statement.split())[:60])

    form = browser.client.get(f"/events/{event_id}/register").get_data(as_text=True)
    sqlalchemy_event.listen(Engine, "before_cursor_execute", remember)
    try:
        answer = browser.client.post(f"/events/{event_id}/register", data={
            "csrf_token": csrf_token(form), "mode": "in_person"})
    finally:
        sqlalchemy_event.remove(Engine, "before_cursor_execute", remember)
    assert answer.status_code == 302
    return [statement for statement in statements if statement != "BEGIN IMMEDIATE"]  # SQLite's write lock


@pytest.mark.parametrize("seats", [1, 0])
def test_a_sign_up_is_two_reads_two_inserts_and_one_statement_on_the_event_at_the_end(app, browser, seats):
    """What a sign-up asks of the database, in order: the event's row is touched (the seat taken, or the row
    locked to join the waiting list) by the last statement before the commit, so sign-ups wait for each
    other only from there; its mail is queued, not written (no attachments: the worker writes them)."""
    event = gen_event(app, format="in_person", capacity_in_person=max(seats, 1), capacity_online=None)
    if not seats:
        gen_registration(app, event)
    gen_user(app, email="quick@example.jp")
    browser.login("quick@example.jp")

    statements = statements_of_one_sign_up(app, browser, event.id)

    on_the_event = "UPDATE events SET seats_taken_in_person" if seats else "SELECT events.status"
    expected = ["SELECT users.id", "SELECT events.id", "INSERT INTO event_registrations",
                "INSERT INTO outbox_messages", on_the_event]
    assert len(statements) == len(expected), statements
    assert all(statement.startswith(start) for statement, start in zip(statements, expected, strict=True)), statements


def test_the_sign_up_mail_is_written_when_sent_in_the_persons_language_with_its_links(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    gen_user(app, email="reader@example.com", locale="en")
    browser.login("reader@example.com")
    answer = browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})
    with app.app_context():
        queued = db.session.scalars(select(OutboxMessage)).one()
        assert (queued.template, queued.subject, queued.body_text) == ("event_registered", "", "")

    mail = outbox.deliver_one(to="reader@example.com")

    assert mail["Subject"] == "[Tsukuba SDGs Partners] Your registration: 生物多様性 パートナー講座"
    assert f"http://localhost{answer.location}" in mail.get_body(preferencelist=("plain",)).get_content()
    assert sorted(part.get_content_type() for part in mail.iter_attachments()) == ["image/png", "text/calendar"]
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage)).one()
        assert sent.write_with is None and sent.body_text.startswith("Hello")
