"""Enter in a text field of the group form saves the application (the lookup button comes later in the form),
and the postal-code lookup never replaces an address the person typed."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from partners.extensions import db
from partners.members.models import Partner
from tests.browser.test_partner_journey import log_in
from tests.factories import gen_user

pytestmark = pytest.mark.browser

ADDRESS = "茨城県つくば市研究学園一丁目1番地1 つくば市役所5階"


def fill_group_form(page) -> None:
    page.get_by_label("団体名", exact=True).fill("つくば環境ネット")
    page.get_by_label("フリガナ", exact=True).fill("つくばかんきょうねっと")
    page.get_by_label("団体種別").select_option("NPO・市民団体")
    page.get_by_label("代表者").fill("森 太郎")
    page.get_by_label("地区", exact=True).select_option("桜")
    page.get_by_label("15. 陸の豊かさも守ろう").check()
    for section in ("listing", "activities", "offers_needs", "contact"):
        page.locator(f"input[name=visibility_{section}][value=partners]").check()
    page.get_by_label("同意します").check()


def test_enter_in_a_text_field_saves_the_address_as_typed(app, live_server, page):
    gen_user(app, email="owner@example.jp", name="森 太郎")
    log_in(page, live_server, "owner@example.jp")
    page.goto(live_server + "/members/apply/group")
    fill_group_form(page)
    page.get_by_label("郵便番号", exact=True).fill("305-0817")
    address = page.get_by_label("住所", exact=True)
    expect(address).to_have_value("茨城県つくば市研究学園")
    address.fill(ADDRESS)
    page.get_by_label("代表者").press("Enter")
    page.get_by_text("申込を受け付けました").wait_for()
    with app.app_context():
        partner = db.session.scalar(select(Partner))
        assert (partner.postal_code, partner.address) == ("305-0817", ADDRESS)


def test_the_lookup_button_offers_the_found_address_next_to_a_typed_one(app, live_server, page):
    gen_user(app, email="owner@example.jp", name="森 太郎")
    log_in(page, live_server, "owner@example.jp")
    page.goto(live_server + "/members/apply/group")
    address = page.get_by_label("住所", exact=True)
    address.fill(ADDRESS)
    page.get_by_label("郵便番号", exact=True).fill("305-0031")
    expect(page.get_by_text("見つかった住所：茨城県つくば市吾妻")).to_be_visible()
    page.get_by_role("button", name="住所を検索").click()  # a plain button here: nothing is submitted
    expect(address).to_have_value(ADDRESS)
    page.get_by_role("button", name="この住所を入れる").click()
    expect(address).to_have_value("茨城県つくば市吾妻")
    expect(page.get_by_text("見つかった住所：")).to_be_hidden()


def test_enter_on_the_edit_form_saves_the_address_as_typed(app, live_server, page):
    from tests.factories import gen_partner

    owner = gen_user(app, email="owner@example.jp", name="森 太郎")
    group = gen_partner(app, kind="group", owner=owner, name="つくば環境ネット", name_kana="ツクバカンキョウネット",
                        representative="森 太郎", postal_code="305-0031", address="茨城県つくば市吾妻1-1")
    log_in(page, live_server, "owner@example.jp")
    page.goto(live_server + f"/members/{group.id}/edit")
    page.get_by_label("郵便番号", exact=True).fill("305-0817")
    address = page.get_by_label("住所", exact=True)
    expect(page.get_by_text("見つかった住所：茨城県つくば市研究学園")).to_be_visible()
    expect(address).to_have_value("茨城県つくば市吾妻1-1")
    address.fill(ADDRESS)
    address.press("Enter")
    page.get_by_text("プロフィールを保存しました").wait_for()
    with app.app_context():
        partner = db.session.get(Partner, group.id)
        assert (partner.postal_code, partner.address) == ("305-0817", ADDRESS)
