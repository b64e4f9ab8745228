"""A group applies on the real form (the postal code fills the address through postal.js under the site's CSP),
staff approve it, and the group's contact opens the membership certificate."""

import pytest
from playwright.sync_api import expect

from partners.accounts.models import Role
from tests.factories import PASSWORD, gen_user

pytestmark = pytest.mark.browser


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login")
    page.get_by_label("メールアドレス", exact=True).fill(email)
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("ログインしました").wait_for()


def test_group_applies_is_approved_and_prints_its_certificate(app, live_server, page, chromium, outbox):
    gen_user(app, email="owner@example.jp", name="森 太郎")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))

    log_in(page, live_server, "owner@example.jp")
    page.get_by_role("link", name="会員情報").click()
    page.get_by_role("link", name="団体パートナーとして申し込む").click()
    page.get_by_label("団体名", exact=True).fill("ＮＰＯ法人 みどりの森")
    page.get_by_label("フリガナ", exact=True).fill("みどりのもり")
    page.get_by_label("団体種別").select_option("NPO・市民団体")
    page.get_by_label("代表者").fill("森 太郎")
    page.get_by_label("地区", exact=True).select_option("筑波")
    page.get_by_label("15. 陸の豊かさも守ろう").check()
    for section in ("listing", "activities", "offers_needs", "contact"):
        page.locator(f"input[name=visibility_{section}][value=public]").check()
    page.get_by_label("郵便番号", exact=True).fill("305-0031")
    expect(page.get_by_label("住所", exact=True)).to_have_value("茨城県つくば市吾妻")
    page.get_by_label("住所", exact=True).fill("茨城県つくば市吾妻1-1")
    page.get_by_label("同意します").check()
    page.get_by_role("button", name="申し込む").click()
    page.get_by_text("申込を受け付けました").wait_for()
    expect(page.get_by_text("事務局が申込内容を確認しています")).to_be_visible()
    acknowledgement = outbox.deliver_one(to="owner@example.jp").get_body(preferencelist=("plain",)).get_content()
    assert "事務局でお申込みの内容を審査し" in acknowledgement

    staff_context = chromium.new_context(locale="ja-JP")
    staff = staff_context.new_page()
    log_in(staff, live_server, "staff@example.jp")
    staff.goto(live_server + "/staff/partners?q=みどり")
    staff.get_by_role("link", name="NPO法人 みどりの森").click()
    approve = staff.locator("form", has=staff.get_by_role("heading", name="パートナーに認定する"))
    approve.get_by_label("理由・コメント").fill("書類を確認しました")
    approve.get_by_role("button", name="パートナーに認定する").click()
    staff.get_by_text("パートナーの状態を「有効」にしました").wait_for()
    staff_context.close()

    page.goto(live_server + "/members/mine")
    page.get_by_role("link", name="会員証").click()
    expect(page.get_by_role("heading", name="会員証")).to_be_visible()
    expect(page.get_by_text("G-00001")).to_be_visible()
    assert "G-00001" in outbox.deliver_one(to="owner@example.jp").get_body(preferencelist=("plain",)).get_content()
