"""Staff create, publish, copy and cancel events; the public pages, the calendar files, and where the online
meeting URL may (and may not) appear."""

from datetime import timedelta

import icalendar

from partners.events.models import Event, EventStatus
from partners.extensions import db
from tests.conftest import count_queries
from tests.events.factories import gen_event
from tests.events.test_registration import staff_fields
from tests.factories import gen_user

SECRET = "https://meet.example.jp/secret-room"


def staff_browser(app, browser):
    gen_user(app, email="staff@example.jp", roles=("staff",))
    browser.login("staff@example.jp")
    return browser


def test_staff_create_a_draft_publish_it_and_it_appears_in_the_public_list(app, browser):
    staff_browser(app, browser)
    answer = browser.submit("/staff/events/new", {
        "kind": "lecture", "title": "防災パートナー講座", "theme": "異常気象と防災対策",
        "description": "**大切な**お知らせ <script>alert(1)</script>", "starts_at": "2030-06-01T14:00",
        "ends_at": "2030-06-01T16:00", "format": "in_person", "venue": "市役所", "capacity_in_person": "40",
        "audience": "anyone", "certifies": "y",
    })
    with app.app_context():
        event = db.session.scalars(db.select(Event)).one()
        assert event.starts_at.isoformat() == "2030-06-01T05:00:00+00:00"  # 14:00 in Tokyo
        assert event.status == EventStatus.DRAFT
    assert browser.client.get(f"/events/{event.id}").status_code == 404

    browser.submit(answer.location, {}, action=f"/staff/events/{event.id}/publish")

    page = browser.client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "<strong>大切な</strong>" in page and "<script>alert" not in page
    assert "防災パートナー講座" in browser.client.get("/events/").get_data(as_text=True)


def test_copying_makes_a_new_draft_with_the_same_details(app, browser):
    event = gen_event(app)
    staff_browser(app, browser)

    answer = browser.submit(f"/staff/events/{event.id}", {}, action=f"/staff/events/{event.id}/copy")

    with app.app_context():
        copy = db.session.scalars(db.select(Event).where(Event.id != event.id)).one()
        assert (copy.title, copy.status, copy.capacity_online) == (event.title, EventStatus.DRAFT, 100)
        assert copy.ical_uid != event.ical_uid
    assert answer.location.endswith(f"/staff/events/{copy.id}/edit")


def test_cancelling_mails_every_registrant_and_the_ics_says_cancelled(app, browser, outbox):
    event = gen_event(app)
    for email in ("a@example.jp", "b@example.jp"):
        gen_user(app, email=email)
        browser.login(email)
        browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})
        browser.logout()
    outbox.deliver()
    staff_browser(app, browser)

    browser.submit(f"/staff/events/{event.id}", {"reason": "台風のため"}, action=f"/staff/events/{event.id}/cancel")

    mails = outbox.deliver()
    assert sorted(m["To"] for m in mails) == ["a@example.jp", "b@example.jp"]
    assert all("台風のため" in m.get_body(preferencelist=("plain",)).get_content() for m in mails)
    vevent = icalendar.Calendar.from_ical(browser.client.get(f"/events/{event.id}/calendar.ics").data).walk("VEVENT")[0]
    assert vevent["STATUS"] == "CANCELLED"


def test_the_ics_carries_tokyo_times_a_stable_uid_and_a_sequence_bumped_by_each_change(app, browser):
    event = gen_event(app)
    first = icalendar.Calendar.from_ical(browser.client.get(f"/events/{event.id}/calendar.ics").data)
    vevent = first.walk("VEVENT")[0]
    assert vevent.decoded("DTSTART").tzinfo.key == "Asia/Tokyo"
    assert first.walk("VTIMEZONE")[0]["TZID"] == "Asia/Tokyo"
    staff_browser(app, browser)

    browser.submit(f"/staff/events/{event.id}/edit", staff_fields(event, title="新しい題名", format="hybrid",
                                                                   capacity_online="100"))

    second = icalendar.Calendar.from_ical(browser.client.get(f"/events/{event.id}/calendar.ics").data)
    changed = second.walk("VEVENT")[0]
    assert changed["UID"] == vevent["UID"]
    assert changed["SEQUENCE"] > vevent["SEQUENCE"]
    assert changed["SUMMARY"] == "新しい題名"


def test_the_online_url_is_never_public_but_shown_to_the_registrant(app, browser):
    event = gen_event(app, online_url=SECRET)
    for path in (f"/events/{event.id}", "/events/", f"/events/{event.id}/calendar.ics", "/events/calendar.ics"):
        assert SECRET not in browser.client.get(path).get_data(as_text=True), path
    gen_user(app, email="viewer@example.jp")
    browser.login("viewer@example.jp")
    assert SECRET not in browser.client.get(f"/events/{event.id}").get_data(as_text=True)

    answer = browser.submit(f"/events/{event.id}/register", {"mode": "online"})

    assert SECRET in browser.client.get(answer.location).get_data(as_text=True)
    assert SECRET not in browser.client.get(f"/events/{event.id}/calendar.ics").get_data(as_text=True)


def test_the_feed_lists_published_events_only(app, client):
    published = gen_event(app, title="公開の講座")
    gen_event(app, status="draft", title="下書きの講座")

    feed = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").data)

    assert [str(v["SUMMARY"]) for v in feed.walk("VEVENT")] == [published.title]


def test_the_list_filters_by_kind_theme_format_and_month(app, client):
    gen_event(app, title="生物多様性の講座", theme="生物多様性", starts_in=timedelta(days=40))
    gen_event(app, title="森の集い", kind="exchange", theme="連携", format="online", capacity_in_person=None)

    def titles(**args):
        return client.get("/events/", query_string=args).get_data(as_text=True)

    assert "森の集い" in titles(kind="exchange") and "生物多様性の講座" not in titles(kind="exchange")
    assert "森の集い" not in titles(theme="生物多様性")
    assert "生物多様性の講座" not in titles(format="online")
    month = (db_month(app, "生物多様性の講座"))
    assert "生物多様性の講座" in titles(month=month) and "森の集い" not in titles(month=month)
    assert client.get("/events/", query_string={"month": "9999-99", "page": "-1"}).status_code == 200


def db_month(app, title: str) -> str:
    with app.app_context():
        event = db.session.scalars(db.select(Event).where(Event.title == title)).one()
        return (event.starts_at + timedelta(hours=9)).strftime("%Y-%m")


def test_the_event_page_shows_seats_left_per_format(app, browser):
    event = gen_event(app, capacity_in_person=2, capacity_online=5)
    gen_user(app, email="seat@example.jp")
    browser.login("seat@example.jp")
    browser.submit(f"/events/{event.id}/register", {"mode": "in_person"})

    page = browser.client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "残り1席" in page or "1 seat left" in page
    assert "残り5席" in page or "5 seats left" in page


def test_a_visitors_list_filtered_or_not_and_event_page_are_one_query_each(app, client):
    """The theme filter's choices come with the list's events; a page without events reads them on its own."""
    event = gen_event(app, title="生物多様性の講座", theme="生物多様性")
    filtered = f"/events/?kind=lecture&theme=生物多様性&format=hybrid&month={db_month(app, '生物多様性の講座')}"
    for path in ("/events/", filtered, f"/events/{event.id}"):
        assert count_queries(app, client, path) == 1, path
    assert "生物多様性の講座" in client.get(filtered).get_data(as_text=True)
    assert count_queries(app, client, "/events/past") == 2


def test_the_public_and_staff_lists_take_a_fixed_number_of_queries(app, browser):
    gen_event(app)
    staff_browser(app, browser)
    few = count_queries(app, browser.client, "/events/"), count_queries(app, browser.client, "/staff/events/")
    for _ in range(5):
        gen_event(app)
    many = count_queries(app, browser.client, "/events/"), count_queries(app, browser.client, "/staff/events/")
    assert few == many
