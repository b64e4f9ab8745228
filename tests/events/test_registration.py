"""Registering through HTTP: confirmation mail with the .ics, the waiting list, promotion, cancellation,
audience rules, applying in the same step, and group contacts registering named people."""

from datetime import timedelta

import icalendar

from partners.events.models import Audience, EventKind, Registration, RegistrationStatus
from partners.extensions import db
from partners.members.models import Partner
from tests.events.factories import gen_event
from tests.factories import gen_partner, gen_user


def registration_of(app, email: str) -> Registration:
    with app.app_context():
        registration = db.session.scalars(db.select(Registration).join(Registration.user)
                                          .where(Registration.user.has(email=email))).one()
        db.session.expunge(registration)
    return registration


def test_registering_mails_a_confirmation_with_the_ics_and_the_check_in_code(app, browser, outbox):
    event = gen_event(app)
    gen_user(app, email="hanako@example.jp")
    browser.login("hanako@example.jp")

    answer = browser.submit(f"/events/{event.id}/register", {"mode": "online"})

    registration = registration_of(app, "hanako@example.jp")
    assert answer.location.endswith(f"/events/registrations/{registration.id}")
    page = browser.client.get(answer.location).get_data(as_text=True)
    assert registration.check_in_code in page and "https://meet.example.jp/secret-room" in page
    mail = outbox.deliver_one(to="hanako@example.jp")
    assert registration.check_in_code in mail.get_body(preferencelist=("plain",)).get_content()
    ics = next(part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar")
    vevent = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert vevent["UID"] == event.ical_uid
    assert "secret-room" in vevent["DESCRIPTION"]


def test_a_full_event_puts_people_on_the_waiting_list_with_their_position(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    for email in ("first@example.jp", "second@example.jp", "third@example.jp"):
        gen_user(app, email=email)
        browser.login(email)
        answer = browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})
        browser.logout()

    page = browser.client
    browser.login("third@example.jp")
    text = page.get(answer.location).get_data(as_text=True)
    assert "キャンセル待ちの順番: 2" in text or "waiting list: 2" in text
    assert registration_of(app, "first@example.jp").status == RegistrationStatus.REGISTERED
    assert registration_of(app, "second@example.jp").status == RegistrationStatus.WAITLISTED


def test_a_cancelled_seat_goes_to_the_first_waiting_person_who_is_mailed_exactly_once(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    for email in ("first@example.jp", "second@example.jp", "third@example.jp"):
        gen_user(app, email=email)
        browser.login(email)
        browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})
        browser.logout()
    outbox.deliver()
    first = registration_of(app, "first@example.jp")

    browser.login("first@example.jp")
    page = f"/events/registrations/{first.id}"
    browser.submit(page, {}, action=f"{page}/cancel")
    browser.submit(page, {}, action=f"{page}/cancel")

    delivered = outbox.deliver()
    assert [m["To"] for m in delivered] == ["second@example.jp"]
    assert registration_of(app, "first@example.jp").status == RegistrationStatus.CANCELLED
    assert registration_of(app, "second@example.jp").status == RegistrationStatus.REGISTERED
    assert registration_of(app, "third@example.jp").status == RegistrationStatus.WAITLISTED
    assert outbox.deliver() == []


def test_raising_the_capacity_promotes_the_waiting(app, browser, outbox):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None)
    for email in ("first@example.jp", "second@example.jp"):
        gen_user(app, email=email)
        browser.login(email)
        browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})
        browser.logout()
    outbox.deliver()
    gen_user(app, email="staff@example.jp", roles=("staff",))
    browser.login("staff@example.jp")
    form = browser.client.get(f"/staff/events/{event.id}/edit").get_data(as_text=True)
    assert "value=\"1\"" in form

    answer = browser.submit(f"/staff/events/{event.id}/edit", staff_fields(event, capacity_in_person="2"))

    assert answer.status_code == 302
    assert [m["To"] for m in outbox.deliver()] == ["second@example.jp"]


def staff_fields(event, **changes) -> dict:
    local = (event.starts_at + timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M")
    end = (event.ends_at + timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M")
    fields = {"kind": str(event.kind), "title": event.title, "theme": event.theme, "starts_at": local,
              "ends_at": end, "format": str(event.format), "venue": event.venue, "capacity_in_person": "1",
              "audience": "anyone"}
    return fields | changes


def test_cancelling_is_refused_once_the_event_has_started(app, browser):
    event = gen_event(app, starts_in=timedelta(days=1))
    gen_user(app, email="late@example.jp")
    browser.login("late@example.jp")
    browser.submit(f"/events/{event.id}/register", {"mode": "online"})
    registration = registration_of(app, "late@example.jp")
    with app.app_context():
        db.session.execute(db.update(type(event)).where(type(event).id == event.id)
                           .values(starts_at=event.starts_at - timedelta(days=2)))
        db.session.commit()

    page = f"/events/registrations/{registration.id}"
    browser.submit(f"/events/{event.id}", {}, action=f"{page}/cancel")

    assert registration_of(app, "late@example.jp").status == RegistrationStatus.REGISTERED


def test_partners_only_events_refuse_people_who_are_not_partners(app, browser):
    event = gen_event(app, audience=Audience.PARTNERS)
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")

    answer = browser.submit(f"/events/{event.id}/register", {"mode": "online"}, follow_redirects=True)

    assert "パートナー限定" in answer.get_data(as_text=True) or "partners only" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0


def test_group_partners_only_events_refuse_an_individual_partner(app, browser):
    event = gen_event(app, audience=Audience.GROUP_PARTNERS)
    person = gen_user(app, email="individual@example.jp")
    gen_partner(app, owner=person)
    browser.login("individual@example.jp")

    browser.submit(f"/events/{event.id}/register", {"mode": "online"})

    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0


def test_a_person_without_an_application_applies_and_registers_in_one_step(app, browser, outbox):
    event = gen_event(app, certifies=True)
    gen_user(app, email="new@example.jp")
    browser.login("new@example.jp")
    form = browser.client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert 'name="name_kana"' in form

    browser.submit(f"/events/{event.id}/register", {
        "name": "筑波 太郎", "name_kana": "ツクバ タロウ", "area": "筑波", "goals": ["15"],
        "visibility_listing": "public", "visibility_activities": "public", "visibility_offers_needs": "public",
        "visibility_contact": "private", "consent": "y", "mode": "in_person",
    })

    registration = registration_of(app, "new@example.jp")
    assert registration.partner_id is not None
    with app.app_context():
        assert db.session.get(Partner, registration.partner_id).status == "applied"
    assert sorted(m["To"] for m in outbox.deliver()) == ["new@example.jp", "new@example.jp"]


def test_a_group_contact_registers_named_people_for_an_exchange_meeting(app, browser, outbox):
    event = gen_event(app, kind=EventKind.EXCHANGE, audience=Audience.GROUP_PARTNERS)
    contact = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=contact, name="筑波の森", name_kana="ツクバノモリ")
    outbox.deliver()
    browser.login("owner@example.jp")

    browser.submit(f"/events/{event.id}/register-people", {
        "group": str(group.id), "mode": "online",
        "people-0-name": "森 一郎", "people-0-email": "ichiro@example.jp",
        "people-1-name": "森 二郎", "people-1-email": "jiro@example.jp",
    })

    with app.app_context():
        named = db.session.scalars(db.select(Registration).order_by(Registration.id)).all()
        assert [(r.attendee_name, r.group_partner_id, r.registered_by_id) for r in named] == [
            ("森 一郎", group.id, contact.id), ("森 二郎", group.id, contact.id)]
    assert sorted(m["To"] for m in outbox.deliver()) == ["ichiro@example.jp", "jiro@example.jp"]
