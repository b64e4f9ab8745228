"""The apply form: the name comes from the account; district and who may see each section are the person's own
choices (nothing chosen in advance, nothing published unasked); a contact e-mail or phone for partners."""

import json

from sqlalchemy import select

from partners.extensions import db
from partners.members.models import Partner
from tests.factories import gen_partner, gen_user
from tests.members.test_apply import GROUP, INDIVIDUAL, only_partner

SECTIONS = ("visibility_listing", "visibility_activities", "visibility_offers_needs", "visibility_contact")


def signed_in(app, browser, name="筑波 花子"):
    gen_user(app, email="hana@example.jp", name=name)
    browser.login("hana@example.jp")


def test_the_individual_form_starts_with_the_accounts_name_and_nothing_chosen(app, browser):
    signed_in(app, browser, name="筑波 花子")
    html = browser.client.get("/members/apply/individual").get_data(as_text=True)
    assert 'name="name" required type="text" value="筑波 花子"' in html
    assert '<option value="">選択してください</option>' in html and "selected" not in html
    assert html.count('type="radio"') == 12 and "checked" not in html


def test_the_group_form_has_no_preselected_type_district_or_visibility(app, browser):
    signed_in(app, browser)
    html = browser.client.get("/members/apply/group").get_data(as_text=True)
    assert html.count('<option value="">選択してください</option>') == 2 and "selected" not in html
    assert "checked" not in html and 'value="筑波 花子"' not in html


def test_an_application_without_district_or_visibility_is_refused_with_clear_messages(app, browser):
    signed_in(app, browser)
    data = {key: value for key, value in INDIVIDUAL.items() if key not in SECTIONS} | {"area": ""}
    html = browser.submit("/members/apply/individual", data).get_data(as_text=True)
    assert "地区を選んでください。" in html
    assert html.count("公開範囲を選んでください。") == 4
    assert "選択肢から選んでください" not in html
    with app.app_context():
        assert db.session.scalar(select(Partner)) is None


def test_a_group_without_a_type_is_refused(app, browser):
    signed_in(app, browser)
    html = browser.submit("/members/apply/group", GROUP | {"group_type": ""}).get_data(as_text=True)
    assert "団体種別を選んでください。" in html


def test_an_individual_gives_a_contact_email_and_phone_for_partners(app, browser):
    signed_in(app, browser)
    data = INDIVIDUAL | {"email": "Hanako.Contact@Example.JP", "phone": "０９０ー１２３４ー５６７８"}
    assert browser.submit("/members/apply/individual", data).status_code == 302
    partner = only_partner(app)
    assert (partner.email, partner.phone) == ("hanako.contact@example.jp", "090-1234-5678")
    downloaded = json.loads(browser.client.get(f"/members/{partner.id}/data.json").get_data(as_text=True))
    assert downloaded["phone"] == "090-1234-5678"


def test_without_a_contact_email_the_accounts_address_is_used(app, browser):
    signed_in(app, browser)
    browser.submit("/members/apply/individual", INDIVIDUAL)
    assert only_partner(app).email == "hana@example.jp" and only_partner(app).phone is None


def test_a_malformed_phone_number_is_refused(app, browser):
    signed_in(app, browser)
    for phone in ("029-883", "12-3456-7890", "029-883-1111 内線5", "+81 29 883 1111"):
        html = browser.submit("/members/apply/individual", INDIVIDUAL | {"phone": phone}).get_data(as_text=True)
        assert "電話番号は0から始まる10桁か11桁の数字で入力してください" in html, phone


def test_the_phone_is_found_only_in_the_contact_section(app):
    partner = gen_partner(app, kind="group", name="森の学校", name_kana="モリノガッコウ", phone="029-883-1111")
    from partners.members.search import matching_partner_ids

    with app.app_context():
        assert db.session.scalars(matching_partner_ids("883-1111", ["contact"])).all() == [partner.id]
        assert db.session.scalars(matching_partner_ids("883-1111", ["listing", "activities"])).all() == []
