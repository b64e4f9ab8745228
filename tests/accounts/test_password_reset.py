from tests.conftest import link_in
from tests.factories import PASSWORD, gen_user

NEW = "hoshizora-2026-tsukuba"


def request_reset(browser, email="hana@example.jp"):
    return browser.submit("/accounts/forgot-password", {"email": email}, follow_redirects=True)


def test_reset_by_mailed_link_then_log_in_with_the_new_password(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    assert "パスワード再設定用のリンクを送信しました" in request_reset(browser).get_data(as_text=True)
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")

    response = browser.submit(reset_url, {"password": NEW, "password_confirm": NEW}, follow_redirects=True)
    assert "パスワードを変更しました" in response.get_data(as_text=True)
    assert browser.login("hana@example.jp", PASSWORD).status_code == 200
    assert browser.login("hana@example.jp", NEW).status_code == 302


def test_reset_link_works_once(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    request_reset(browser)
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")
    browser.submit(reset_url, {"password": NEW, "password_confirm": NEW})
    response = browser.client.get(reset_url, follow_redirects=True)
    assert "すでに使用されています" in response.get_data(as_text=True)


def test_expired_reset_link_is_refused(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    request_reset(browser)
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    assert "期限切れ" in browser.client.get(reset_url, follow_redirects=True).get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_mail(app, browser, outbox):
    response = request_reset(browser, "nobody@example.jp")
    assert "パスワード再設定用のリンクを送信しました" in response.get_data(as_text=True)
    assert outbox.deliver() == []


def test_reset_keeps_the_password_policy(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    request_reset(browser)
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")
    response = browser.submit(reset_url, {"password": "qwertyuiop", "password_confirm": "qwertyuiop"})
    assert "よく使われるパスワードです" in response.get_data(as_text=True)
    assert browser.login("hana@example.jp", PASSWORD).status_code == 302
