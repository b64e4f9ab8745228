"""The open-data API: public fields only, JSON errors, bounded pages, ETag, CORS, and no online URL of events."""

from datetime import timedelta

import pytest

from partners.core.timeutil import utcnow
from tests.factories import gen_partner, gen_user


@pytest.fixture
def partners(app):
    gen_partner(app, name="森の学校", name_kana="モリノガッコウ", area="筑波", goals=(4, 15), activities="里山の保全")
    gen_partner(app, name="筑波商店", name_kana="ツクバショウテン", kind="group", group_type="企業", area="桜",
                goals=(12,), activities="食品ロス", website="https://shop.example.jp",
                visibility={"listing": "public", "activities": "public", "offers_needs": "public",
                            "contact": "public"})


def test_partners_are_listed_with_the_page_search_and_order(client, partners):
    data = client.get("/api/v1/partners?q=つくば").get_json()
    assert data["total"] == 1 and data["partners"][0]["name"] == "筑波商店"
    assert data["partners"][0]["website"] == "https://shop.example.jp"
    everyone = client.get("/api/v1/partners").get_json()
    assert [p["name_kana"] for p in everyone["partners"]] == ["ツクバショウテン", "モリノガッコウ"]
    assert client.get("/api/v1/partners?goal=4&goal=12").get_json()["total"] == 2
    assert client.get("/api/v1/partners?kind=group&area=桜").get_json()["total"] == 1


def test_each_listed_partner_carries_its_goals_in_order_and_the_page_and_download_agree(client, partners):
    """A listed partner's goals are read back from the search index's goal mask (directory/queries.py)."""
    listed = {p["name"]: p["goals"] for p in client.get("/api/v1/partners").get_json()["partners"]}
    assert listed == {"森の学校": [4, 15], "筑波商店": [12]}
    downloaded = {p["name"]: p["goals"] for p in client.get("/directory/partners.json").get_json()["partners"]}
    assert downloaded == listed


def test_a_partner_by_member_number_and_unknown_ones_are_404_in_json(client, partners):
    listed = client.get("/api/v1/partners?q=森").get_json()["partners"][0]
    found = client.get(f"/api/v1/partners/{listed['member_no']}")
    assert found.status_code == 200 and found.get_json()["name"] == "森の学校"
    assert found.get_json()["website"] is None  # contact details are for partners only by default
    missing = client.get("/api/v1/partners/I-99999")
    assert missing.status_code == 404 and missing.get_json()["message"]


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "page=abc", "goal=18", "goal=x",
                                   "kind=robot", "q=" + "あ" * 101])
def test_bad_parameters_are_400_with_a_message_in_the_visitors_language(client, query):
    response = client.get(f"/api/v1/partners?{query}", headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert response.is_json and response.get_json()["message"]
    english = client.get(f"/api/v1/partners?{query}", headers={"Accept-Language": "en"}).get_json()["message"]
    assert english != response.get_json()["message"]


def test_answers_carry_an_etag_and_a_repeat_with_it_is_304(client, partners):
    first = client.get("/api/v1/partners")
    assert first.headers["ETag"]
    again = client.get("/api/v1/partners", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_any_site_may_get_it(client, partners):
    response = client.get("/api/v1/partners", headers={"Origin": "https://opendata.example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/partners", headers={"Origin": "https://opendata.example.org",
                                                            "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_events_are_published_ones_without_the_online_url(app, client):
    from partners.accounts.models import Role, User
    from partners.events import publishing
    from partners.events.models import EventFormat, EventKind
    from partners.events.publishing import EventData
    from partners.extensions import db

    staff = gen_user(app, roles=(Role.STAFF,))
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        starts = utcnow() + timedelta(days=3)
        for title, publish in (("公開講座", True), ("下書き講座", False)):
            event = publishing.create_event(EventData(
                kind=EventKind.LECTURE, title=title, theme="生物多様性", starts_at=starts,
                ends_at=starts + timedelta(hours=2), format=EventFormat.ONLINE, online_url="https://meet.example/secret",
                capacity_online=30), actor)
            db.session.commit()
            if publish:
                publishing.publish(event.id, actor)
                db.session.commit()
    response = client.get("/api/v1/events")
    assert [event["title"] for event in response.get_json()["events"]] == ["公開講座"]
    assert "meet.example" not in response.get_data(as_text=True)


def test_the_openapi_document_describes_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    routes = {rule.rule.removeprefix("/api/v1") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and "<path:" not in rule.rule}
    described = {path.replace("{member_no}", "<string(maxlength=30):member_no>").replace("{round_id}", "<int:round_id>")
                 for path in document["paths"]}
    assert routes == described


def test_control_characters_in_the_keyword_are_dropped_not_sent_to_the_database(client, partners):
    assert client.get("/api/v1/partners?q=%00森&area=%00").status_code == 200
