"""The events list keeps rendered cards and filters, and an event's page its public part, per language and per
what they show: a change to an event, its seats or the visitor's language shows on the very next request."""

import re
from datetime import timedelta

from partners.accounts.models import User
from partners.events.models import Event
from partners.events.registration import cancel_registration
from partners.extensions import db
from tests.events.attendance_factories import gen_registration
from tests.events.factories import gen_event
from tests.factories import gen_user


def card_text(client, language: str = "ja") -> str:
    return client.get("/events/", headers={"Accept-Language": language}).get_data(as_text=True)


def theme_choices(html: str) -> list[str]:
    """The theme filter's choices in order, "All" left out."""
    options = re.search(r'<select[^>]*name="theme".*?</select>', html, re.DOTALL).group(0)
    return [value for value in re.findall(r'<option[^>]*value="([^"]*)"', options) if value]


def retitle(app, event, title: str) -> None:
    with app.app_context():
        db.session.get(Event, event.id).title = title
        db.session.commit()


def test_a_registration_a_new_title_and_another_language_show_on_the_next_request(app, client):
    event = gen_event(app, format="in_person", capacity_in_person=2, capacity_online=None)
    assert "残り2席" in card_text(client)

    gen_registration(app, event)
    assert "残り1席" in card_text(client)
    gen_registration(app, event)
    assert "満席" in card_text(client) and "残り" not in card_text(client)

    retitle(app, event, "異常気象と防災対策 パートナー講座")
    assert "異常気象と防災対策 パートナー講座" in card_text(client)
    english = card_text(client, "en")
    assert "Full" in english and "Partner lecture" in english and "満席" not in english


def test_the_filters_show_what_the_visitor_chose_and_a_new_theme(app, client):
    gen_event(app, theme="生物多様性")
    assert 'selected value="生物多様性"' in client.get("/events/?theme=生物多様性").get_data(as_text=True)
    assert "筑波山地域ジオパーク" not in card_text(client)
    gen_event(app, theme="筑波山地域ジオパーク", title="ジオパーク講座")
    assert "筑波山地域ジオパーク" in card_text(client)
    assert 'selected value="生物多様性"' not in card_text(client)


def test_the_event_page_shows_a_change_to_the_event_or_its_seats_on_the_next_request(app, client):
    event = gen_event(app, format="in_person", capacity_in_person=2, capacity_online=None)
    page = f"/events/{event.id}"
    assert "残り2席" in client.get(page).get_data(as_text=True)
    gen_registration(app, event)
    assert "残り1席" in client.get(page).get_data(as_text=True)

    with app.app_context():
        changed = db.session.get(Event, event.id)
        changed.description, changed.venue = "雨天時は**オンライン**で開催します。", "筑波山 梅林"
        db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "<strong>オンライン</strong>" in html and "筑波山 梅林" in html
    english = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 seat left" in english and "残り" not in english


def test_a_page_kept_for_visitors_is_never_a_signed_in_persons_and_never_hides_a_message(app, browser):
    """Visitors' event pages are kept whole (partners/core/fragments.py, visitor_page): a signed-in person gets
    their own, and a visitor with a message waiting gets it, then the kept page again."""
    event = gen_event(app)
    page = f"/events/{event.id}"
    assert "ログインして申し込む" in browser.client.get(page).get_data(as_text=True)
    gen_user(app, email="hanako@example.jp")
    browser.login("hanako@example.jp")
    signed_in = browser.client.get(page).get_data(as_text=True)
    assert "ログインして申し込む" not in signed_in and f"/events/{event.id}/register" in signed_in
    assert 'name="csrf_token"' in browser.client.get("/events/").get_data(as_text=True)  # the logout form's
    browser.logout()
    with_message = browser.client.get(page).get_data(as_text=True)
    assert "ログアウトしました。" in with_message and "ログインして申し込む" in with_message
    assert "ログアウトしました。" not in browser.client.get(page).get_data(as_text=True)
    visitors_list = browser.client.get("/events/").get_data(as_text=True)
    assert 'name="csrf_token"' not in visitors_list and "ログアウトしました。" not in visitors_list


def test_the_theme_filter_offers_every_published_theme_in_order_on_every_page_of_the_list(app, client):
    """The themes come with the page's events (from every public event, not the page's), or on their own for a
    page without events."""
    gen_event(app, theme="生物多様性")
    gen_event(app, status="draft", theme="下書きの主題")
    assert theme_choices(card_text(client)) == ["生物多様性"]

    gen_event(app, theme="ジオパーク", kind="exchange", starts_in=timedelta(days=-30))

    for path in ("/events/", "/events/?kind=lecture", "/events/past", "/events/?page=2", "/events/past?kind=other"):
        assert theme_choices(client.get(path).get_data(as_text=True)) == ["ジオパーク", "生物多様性"], path


def test_a_refused_filter_says_why_in_the_visitors_language_and_the_list_ignores_every_filter(app, client):
    gen_event(app, title="生物多様性の講座", theme="生物多様性")
    gen_event(app, title="森の集い", kind="exchange", theme="連携")
    for args, message in (({"kind": "exchange", "theme": "ジオパーク"}, "選択肢から選んでください。"),
                          ({"kind": "exchange", "month": "2026-13"}, "月を選んでください。")):
        html = client.get("/events/", query_string=args).get_data(as_text=True)
        assert message in html and "生物多様性の講座" in html and "森の集い" in html, args
    english = client.get("/events/?theme=ジオパーク", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Not a valid choice." in english and "選択肢" not in english
    chosen = client.get("/events/?kind=exchange&theme=連携").get_data(as_text=True)
    assert "森の集い" in chosen and "生物多様性の講座" not in chosen and "選択肢から選んでください。" not in chosen

    gen_event(app, title="ジオパーク講座", theme="ジオパーク")

    now_offered = client.get("/events/?kind=exchange&theme=ジオパーク").get_data(as_text=True)
    assert "選択肢から選んでください。" not in now_offered and "森の集い" not in now_offered
    assert 'selected value="ジオパーク"' in now_offered


def test_the_list_and_the_page_count_the_waiting_list_of_a_full_event_and_the_seats_a_cancellation_frees(app, client):
    """Seats taken come from the event's counter and the waiting list is counted only once a way of attending
    is full: both must show what the registrations are, in the list and on the page."""
    event = gen_event(app, format="hybrid", capacity_in_person=1, capacity_online=3)
    first = gen_registration(app, event)
    gen_registration(app, event)
    gen_registration(app, event)
    gen_registration(app, event, mode="online")
    for html in (card_text(client), client.get(f"/events/{event.id}").get_data(as_text=True)):
        assert "キャンセル待ち2人" in html and "残り2席" in html

    with app.test_request_context():
        cancel_registration(first.id, db.session.get(User, first.user_id))
        db.session.commit()
    for html in (card_text(client), client.get(f"/events/{event.id}").get_data(as_text=True)):
        assert "キャンセル待ち1人" in html and "残り2席" in html
