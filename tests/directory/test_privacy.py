"""Nothing a partner did not publish reaches the public: not the list, the partner page, the downloads or the
API; partners-only sections reach signed-in partners only; only active partners appear anywhere public."""

import json

import pytest

from tests.factories import gen_partner, gen_user

SECRET_ACTIVITY = "非公開の活動メモ"
MEMBERS_ACTIVITY = "会員限定の連携相談"
PUBLIC_PATHS = ["/directory/", "/directory/partners.csv", "/directory/partners.json", "/api/v1/partners"]


def everything_public(client, query: str = "") -> str:
    """Every public rendering of the list (of a keyword's search, if given)."""
    pieces = []
    for path in PUBLIC_PATHS:
        response = client.get(path, query_string={"q": query} if query else {})
        assert response.status_code == 200, path
        pieces.append(response.get_data(as_text=True))
    return "\n".join(pieces)


@pytest.fixture
def mixed(app):
    """Partners with each visibility and status."""
    vis = {"listing": "public", "activities": "private", "offers_needs": "partners", "contact": "private"}
    shown = gen_partner(app, name="公開太郎", name_kana="コウカイタロウ", activities=SECRET_ACTIVITY,
                        offers=MEMBERS_ACTIVITY, email="taro@example.jp", phone="029-000-0000", visibility=vis)
    members_only = gen_partner(app, name="会員限定花子", name_kana="カイインゲンテイハナコ", activities="森",
                               visibility={"listing": "partners", "activities": "public",
                                           "offers_needs": "public", "contact": "private"})
    hidden = gen_partner(app, name="非公開次郎", name_kana="ヒコウカイジロウ",
                         visibility={"listing": "private", "activities": "public", "offers_needs": "public",
                                     "contact": "public"})
    others = [gen_partner(app, name=f"{status}三郎", name_kana="サブロウ", status=status)
              for status in ("applied", "rejected", "suspended", "withdrawn", "changes_requested")]
    return shown, members_only, hidden, others


def test_private_and_partners_only_sections_never_appear_in_public(client, mixed):
    shown, members_only, hidden, others = mixed
    public = everything_public(client) + client.get(f"/directory/{shown.member_no}").get_data(as_text=True)
    public += client.get(f"/api/v1/partners/{shown.member_no}").get_data(as_text=True)
    assert "公開太郎" in public
    for text in (SECRET_ACTIVITY, MEMBERS_ACTIVITY, "taro@example.jp", "029-000-0000"):
        assert text not in public


def test_a_keyword_does_not_find_a_partner_through_a_section_hidden_from_the_visitor(client, mixed):
    for query in ("非公開の活動", "連携相談"):
        assert "公開太郎" not in everything_public(client, query)
    assert "公開太郎" in everything_public(client, "こうかい")


def test_unlisted_and_inactive_partners_appear_nowhere_public(client, mixed):
    shown, members_only, hidden, others = mixed
    public = everything_public(client)
    for name in ("会員限定花子", "非公開次郎", "三郎"):
        assert name not in public
    for partner in (members_only, hidden, *others):
        if partner.member_no:
            assert client.get(f"/directory/{partner.member_no}").status_code == 404
            assert client.get(f"/api/v1/partners/{partner.member_no}").status_code == 404


def test_a_keyword_does_not_find_a_partner_listed_to_signed_in_partners_only(client, mixed):
    """Who a partner is listed to is a term of the search index on SQLite: public and partners-only must not
    be the same term."""
    for query in ("会員限定", "森", "花子"):
        assert "会員限定花子" not in everything_public(client, query)


def test_signed_in_partners_see_partners_only_sections_and_listings(app, client, browser, mixed):
    user = gen_user(app, email="member@example.jp")
    gen_partner(app, owner=user, name="自分", name_kana="ジブン")
    browser.login("member@example.jp")
    page = client.get("/directory/").get_data(as_text=True)
    assert "会員限定花子" in page and "非公開次郎" not in page
    shown = mixed[0]
    partner_page = client.get(f"/directory/{shown.member_no}").get_data(as_text=True)
    assert MEMBERS_ACTIVITY in partner_page and SECRET_ACTIVITY not in partner_page
    assert "連携相談" in client.get("/directory/?q=連携相談").get_data(as_text=True)
    for short_keyword in ("/directory/?q=花子", "/directory/?q=花子&kind=individual"):  # a list of audiences in SQL
        assert "会員限定花子" in client.get(short_keyword).get_data(as_text=True)
    # the downloads are open data: public fields only, whoever asks
    assert MEMBERS_ACTIVITY not in client.get("/directory/partners.csv").get_data(as_text=True)


def test_a_signed_in_person_who_is_not_an_active_partner_sees_the_public_list(app, client, browser, mixed):
    user = gen_user(app, email="applicant@example.jp")
    gen_partner(app, owner=user, status="applied", name="申請中", name_kana="シンセイチュウ")
    browser.login("applicant@example.jp")
    assert "会員限定花子" not in client.get("/directory/").get_data(as_text=True)


def test_downloads_are_excel_csv_and_json_with_the_same_filters(client, mixed):
    csv_bytes = client.get("/directory/partners.csv?q=こうかい").data
    assert csv_bytes.startswith("\ufeff".encode())
    assert "公開太郎" in csv_bytes.decode("utf-8-sig")
    data = json.loads(client.get("/directory/partners.json?q=こうかい").data)
    assert [partner["name"] for partner in data["partners"]] == ["公開太郎"]
    assert data["partners"][0]["activities"] is None
    assert json.loads(client.get("/directory/partners.json?q=該当なし").data) == {"partners": []}


def test_a_kept_card_shows_each_visitor_only_what_they_may_read_and_a_change_at_once(app, client, browser, mixed):
    """Cards are kept rendered (partners/core/fragments.py), keyed by what they show: the partners-only section a
    signed-in partner saw is not in the card a visitor gets next, and a section made public shows at once."""
    from partners.extensions import db
    from partners.members.models import Partner, Visibility

    assert MEMBERS_ACTIVITY not in client.get("/directory/").get_data(as_text=True)
    user = gen_user(app, email="member@example.jp")
    gen_partner(app, owner=user, name="自分", name_kana="ジブン")
    browser.login("member@example.jp")
    assert MEMBERS_ACTIVITY in client.get("/directory/").get_data(as_text=True)
    browser.logout()
    assert MEMBERS_ACTIVITY not in client.get("/directory/").get_data(as_text=True)

    with app.app_context():
        db.session.get(Partner, mixed[0].id).visibility_offers_needs = Visibility.PUBLIC
        db.session.commit()
    assert MEMBERS_ACTIVITY in client.get("/directory/").get_data(as_text=True)
