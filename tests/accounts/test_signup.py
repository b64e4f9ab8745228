from sqlalchemy import func, select

from partners.accounts.models import User
from tests.conftest import link_in

SIGNUP = "/accounts/signup"
GOOD = {"name": "筑波 太郎", "email": "taro@example.jp", "password": "midori-no-machi-2026",
        "password_confirm": "midori-no-machi-2026", "consent": "y"}


def user_count(app) -> int:
    with app.app_context():
        return app.extensions["sqlalchemy"].session.scalar(select(func.count(User.id)))


def test_sign_up_verify_by_mailed_link_then_log_in(app, browser, outbox):
    response = browser.submit(SIGNUP, GOOD)
    assert response.status_code == 200
    assert "taro@example.jp" in response.get_data(as_text=True)

    message = outbox.deliver_one(to="taro@example.jp")
    assert message["Subject"] == "【つくばSDGsパートナーズ】メールアドレスの確認"
    verify_url = link_in(message, "/accounts/verify/")

    response = browser.client.get(verify_url, follow_redirects=True)
    assert "メールアドレスを確認しました" in response.get_data(as_text=True)

    response = browser.login("taro@example.jp", GOOD["password"], follow_redirects=True)
    assert "ログインしました" in response.get_data(as_text=True)
    assert browser.client.get("/accounts/settings").status_code == 200


def test_verification_link_works_only_once(browser, outbox):
    browser.submit(SIGNUP, GOOD)
    verify_url = link_in(outbox.deliver_one(), "/accounts/verify/")
    browser.client.get(verify_url)
    response = browser.client.get(verify_url, follow_redirects=True)
    assert "このリンクは無効か、期限切れか、すでに使用されています" in response.get_data(as_text=True)


def test_expired_verification_link_is_refused(app, browser, outbox):
    browser.submit(SIGNUP, GOOD)
    verify_url = link_in(outbox.deliver_one(), "/accounts/verify/")
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    response = browser.client.get(verify_url, follow_redirects=True)
    assert "期限切れ" in response.get_data(as_text=True)
    with app.app_context():
        user = app.extensions["sqlalchemy"].session.scalar(select(User))
        assert not user.is_verified


def test_tampered_verification_link_is_refused(browser, outbox):
    browser.submit(SIGNUP, GOOD)
    verify_url = link_in(outbox.deliver_one(), "/accounts/verify/")
    response = browser.client.get(verify_url[:-3] + "xyz", follow_redirects=True)
    assert "無効" in response.get_data(as_text=True)


def test_unverified_account_cannot_log_in_and_gets_a_new_link(browser, outbox):
    browser.submit(SIGNUP, GOOD)
    outbox.deliver()
    response = browser.login("taro@example.jp", GOOD["password"], follow_redirects=True)
    assert "先にメールアドレスの確認をお願いします" in response.get_data(as_text=True)
    assert browser.client.get("/accounts/settings").status_code == 302
    assert "/accounts/verify/" in link_in(outbox.deliver_one(), "/accounts/verify/")


def test_sign_up_with_a_taken_address_reveals_nothing_and_warns_the_owner(app, browser, outbox):
    from tests.factories import gen_user

    gen_user(app, email="taro@example.jp")
    response = browser.submit(SIGNUP, GOOD)
    assert response.status_code == 200
    assert "taro@example.jp にメールを送信しました" in response.get_data(as_text=True)
    assert user_count(app) == 1
    subject = outbox.deliver_one()["Subject"]
    assert subject == "【つくばSDGsパートナーズ】お使いのメールアドレスで新規登録が試みられました"


def test_weak_passwords_are_refused_with_a_reason(app, browser):
    for password, reason in [
        ("short1", "10文字以上にしてください"),
        ("password123", "よく使われるパスワードです"),
        ("aaaaaaaaaaaa", "よく使われるパスワードです"),
        ("taro-2026-secret", "パスワードにメールアドレスを含めないでください"),
    ]:
        response = browser.submit(SIGNUP, GOOD | {"password": password, "password_confirm": password})
        assert reason in response.get_data(as_text=True), password
    assert user_count(app) == 0


def test_sign_up_needs_consent_and_matching_passwords(app, browser):
    no_consent = {k: v for k, v in GOOD.items() if k != "consent"}
    assert "利用目的への同意が必要です" in browser.submit(SIGNUP, no_consent).get_data(as_text=True)
    mismatch = GOOD | {"password_confirm": "something-else-2026"}
    assert "パスワードが一致しません" in browser.submit(SIGNUP, mismatch).get_data(as_text=True)
    assert user_count(app) == 0


def test_email_is_stored_normalised(app, browser, outbox):
    browser.submit(SIGNUP, GOOD | {"email": "  ＴＡＲＯ@Example.JP "})
    with app.app_context():
        assert app.extensions["sqlalchemy"].session.scalar(select(User.email)) == "taro@example.jp"


def test_signup_in_english_sends_english_mail(browser, outbox):
    browser.client.get("/", headers={"Accept-Language": "en"})
    response = browser.submit(SIGNUP, GOOD, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "We have sent a message to taro@example.jp" in response.get_data(as_text=True)
    assert outbox.deliver_one()["Subject"] == "[Tsukuba SDGs Partners] Confirm your e-mail address"
