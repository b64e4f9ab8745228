import re

import pytest

from tests.conftest import link_in

pytestmark = pytest.mark.browser


def test_sign_up_verify_from_the_mail_and_log_in(live_server, page, outbox):
    page.goto(live_server + "/")
    page.get_by_role("link", name="新規登録").first.click()

    page.get_by_label("氏名", exact=True).fill("筑波 みのり")
    page.get_by_label("メールアドレス", exact=True).fill("minori@example.jp")
    page.get_by_label("パスワード", exact=True).fill("yamabiko-2026-tsukuba")
    page.get_by_label("パスワード（確認）").fill("yamabiko-2026-tsukuba")
    page.get_by_label("同意します").check()
    page.get_by_role("button", name="アカウントを作成").click()
    page.get_by_role("heading", name="メールをご確認ください").wait_for()

    verify_url = link_in(outbox.deliver_one(to="minori@example.jp"), "/accounts/verify/")
    page.goto(verify_url)
    page.get_by_text("メールアドレスを確認しました").wait_for()
    assert re.search(r"/accounts/login$", page.url)

    page.get_by_label("メールアドレス", exact=True).fill("minori@example.jp")
    page.get_by_label("パスワード", exact=True).fill("yamabiko-2026-tsukuba")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("ようこそ、筑波 みのり さん。").wait_for()
    assert page.locator("html").get_attribute("lang") == "ja"


def test_keyboard_users_can_skip_to_the_content_and_switch_language(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へスキップ")
    assert skip.evaluate("element => element === document.activeElement")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Skip to main content").wait_for(state="attached")
    assert page.locator("html").get_attribute("lang") == "en"
