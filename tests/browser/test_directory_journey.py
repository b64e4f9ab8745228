"""A visitor on a phone searches the member list in hiragana, filters by goal and opens a partner's page."""

import pytest

from tests.factories import gen_partner

PHONE = {"width": 390, "height": 844}
pytestmark = pytest.mark.browser


def test_search_then_partner_page_on_a_phone(app, live_server, chromium):
    gen_partner(app, name="サステナブル工房つくば", name_kana="サステナブルコウボウツクバ", kind="group",
                group_type="NPO・市民団体", goals=tuple(range(1, 18)), activities="古着のリメイクとリユース品の回収",
                offers="会場の提供")
    gen_partner(app, name="森の学校", name_kana="モリノガッコウ", goals=(15,), activities="里山の森林保全")
    context = chromium.new_context(locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server + "/directory/")
    assert page.locator(".partner-card").count() == 2
    page.get_by_label("キーワード").fill("りゆーす")
    page.locator("#goal-12").check()
    page.get_by_role("button", name="検索").click()
    page.wait_for_url("**/directory/?*")
    assert "q=" in page.url and "goal=12" in page.url  # the search can be shared as a link
    assert page.locator(".partner-card").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name="サステナブル工房つくば").click()
    page.wait_for_url("**/directory/G-*")
    assert page.get_by_role("heading", name="サステナブル工房つくば").is_visible()
    assert page.get_by_text("古着のリメイクとリユース品の回収").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
