import json

from sqlalchemy import select

from partners.members.models import Partner, PartnerStatus, Visibility
from tests.factories import gen_partner, gen_user

INDIVIDUAL = {
    "name": "筑波　花子", "name_kana": "つくば はなこ", "area": "桜", "goals": ["4", "11"],
    "activities": "子ども食堂の運営\n\n\n\n毎月第2土曜", "offers": "調理", "needs": "会場",
    "visibility_listing": "public", "visibility_activities": "partners", "visibility_offers_needs": "public",
    "visibility_contact": "private", "consent": "y",
}
GROUP = {
    "name": "ＮＰＯ法人　みどりの森", "name_kana": "ミドリノモリ", "group_type": "NPO・市民団体",
    "representative": "森 太郎", "size": "12", "area": "筑波", "goals": ["15"], "email": "info@midori.example.jp",
    "phone": "０２９－８８３－１１１１",
    "postal_code": "３０５－００３１", "address": "茨城県つくば市吾妻1-1", "website": "https://midori.example.jp",
    "visibility_listing": "public", "visibility_activities": "public", "visibility_offers_needs": "public",
    "visibility_contact": "partners", "consent": "y",
}


def signed_in(app, browser, email="hana@example.jp"):
    user = gen_user(app, email=email)
    browser.login(email)
    return user


def only_partner(app, db_session=None) -> Partner:
    from partners.extensions import db

    with app.app_context():
        partner = db.session.scalar(select(Partner))
        _ = partner.goals, partner.contacts, partner.status_changes
        db.session.expunge_all()
    return partner


def test_individual_applies_and_waits_for_a_lecture(app, browser):
    user = signed_in(app, browser)
    response = browser.submit("/members/apply/individual", INDIVIDUAL, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "申込を受け付けました" in html
    assert "パートナー講座に出席すると" in html
    partner = only_partner(app)
    assert partner.status == PartnerStatus.APPLIED and partner.member_no is None
    assert partner.name == "筑波 花子" and partner.name_kana == "ツクバ ハナコ"
    assert partner.activities == "子ども食堂の運営\n\n毎月第2土曜"
    assert partner.goals == [4, 11]
    assert partner.email == "hana@example.jp"
    assert partner.visibility_contact == Visibility.PRIVATE
    assert partner.consented_at is not None
    assert [c.user_id for c in partner.contacts] == [user.id]
    assert [(c.from_status, c.to_status) for c in partner.status_changes] == [(None, PartnerStatus.APPLIED)]


def test_application_needs_consent_a_goal_and_a_katakana_reading(app, browser):
    signed_in(app, browser)
    bad = INDIVIDUAL | {"name_kana": "Hanako", "goals": []}
    bad.pop("consent")
    html = browser.submit("/members/apply/individual", bad).get_data(as_text=True)
    assert "利用目的への同意が必要です" in html
    assert "ゴールを1つ以上選んでください" in html
    assert "フリガナはカタカナ" in html
    with app.app_context():
        from partners.extensions import db

        assert db.session.scalar(select(Partner)) is None


def test_english_visitor_gets_english_errors(app, browser):
    signed_in(app, browser)
    browser.choose_language("en")
    html = browser.submit("/members/apply/individual", INDIVIDUAL | {"goals": []}).get_data(as_text=True)
    assert "Choose at least one goal." in html


def test_second_individual_application_is_refused(app, browser):
    signed_in(app, browser)
    browser.submit("/members/apply/individual", INDIVIDUAL)
    response = browser.client.get("/members/apply/individual", follow_redirects=True)
    assert "個人パートナーとしてすでに申し込んでいます" in response.get_data(as_text=True)


def test_group_applies_with_normalised_postal_code(app, browser):
    signed_in(app, browser)
    browser.submit("/members/apply/group", GROUP)
    partner = only_partner(app)
    assert partner.kind == "group" and partner.status == PartnerStatus.APPLIED
    assert partner.name == "NPO法人 みどりの森"
    assert partner.postal_code == "305-0031"
    assert partner.size == 12 and partner.representative == "森 太郎"


def test_find_address_button_fills_the_address_without_javascript(app, browser):
    signed_in(app, browser)
    data = GROUP | {"address": "", "lookup": "1"}
    html = browser.submit("/members/apply/group", data).get_data(as_text=True)
    assert 'value="茨城県つくば市吾妻"' in html
    with app.app_context():
        from partners.extensions import db

        assert db.session.scalar(select(Partner)) is None, "looking up must not save"


def test_find_address_button_offers_the_address_but_keeps_the_typed_one(app, browser):
    signed_in(app, browser)
    typed = "茨城県つくば市研究学園一丁目1番地1 つくば市役所5階"
    data = GROUP | {"postal_code": "305-0817", "address": typed, "lookup": "1"}
    html = browser.submit("/members/apply/group", data).get_data(as_text=True)
    assert f'value="{typed}"' in html
    assert "見つかった住所：茨城県つくば市研究学園" in html and 'value="この住所を入れる"' in html
    html = browser.submit("/members/apply/group", data | {"lookup": "", "use_found_address": "1"}).get_data(
        as_text=True)
    assert 'value="茨城県つくば市研究学園"' in html and "見つかった住所：茨城" not in html
    with app.app_context():
        from partners.extensions import db

        assert db.session.scalar(select(Partner)) is None, "neither button saves"


def test_bad_postal_code_is_explained(app, browser):
    signed_in(app, browser)
    html = browser.submit("/members/apply/group", GROUP | {"postal_code": "12-34"}).get_data(as_text=True)
    assert "郵便番号は7桁" in html


def test_contact_edits_profile_and_others_cannot(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    partner = gen_partner(app, kind="group", owner=owner, name="株式会社つくば", name_kana="カブシキガイシャツクバ")
    gen_user(app, email="other@example.jp")

    browser.login("other@example.jp")
    assert browser.client.get(f"/members/{partner.id}/edit").status_code == 403
    assert browser.client.post(f"/members/{partner.id}/edit", data={}).status_code in (400, 403)
    browser.logout()

    browser.login("owner@example.jp")
    form = GROUP | {"name": "株式会社つくば研究所"}
    form.pop("consent")
    response = browser.submit(f"/members/{partner.id}/edit", form, follow_redirects=True)
    assert "保存しました" in response.get_data(as_text=True)
    assert only_partner(app).name == "株式会社つくば研究所"


def test_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get("/members/apply/individual").status_code == 302
    assert client.get("/members/1/edit").status_code == 302


def test_missing_partner_is_404(app, browser):
    signed_in(app, browser)
    assert browser.client.get("/members/999/edit").status_code == 404


def test_partner_downloads_own_data_as_json(app, browser):
    owner = signed_in(app, browser)
    partner = gen_partner(app, owner=owner, activities="堆肥づくり")
    response = browser.client.get(f"/members/{partner.id}/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["name"] == "筑波 花子" and data["activities"] == "堆肥づくり"
    assert data["member_no"] == "I-00001"
    assert data["contacts"][0]["email"] == "hana@example.jp"
    assert [entry["to"] for entry in data["status_history"]] == ["applied", "active"]

    gen_user(app, email="other@example.jp")
    browser.logout()
    browser.login("other@example.jp")
    assert browser.client.get(f"/members/{partner.id}/data.json").status_code == 403


def test_certificate_is_printable_for_active_members_only(app, browser):
    owner = signed_in(app, browser)
    active = gen_partner(app, owner=owner)
    html = browser.client.get(f"/members/{active.id}/certificate").get_data(as_text=True)
    assert "会員証" in html and "I-00001" in html
    applied = gen_partner(app, kind="group", owner=owner, status="applied", name="団体", name_kana="ダンタイ")
    assert browser.client.get(f"/members/{applied.id}/certificate").status_code == 404
