from sqlalchemy import select

from partners.accounts.models import User
from partners.extensions import db
from tests.conftest import link_in
from tests.factories import PASSWORD, gen_user

NEW = "hoshizora-2026-tsukuba"


def logged_in(app, browser, **kwargs):
    user = gen_user(app, email="hana@example.jp", **kwargs)
    browser.login("hana@example.jp")
    return user


def test_change_password_needs_the_current_one(app, browser):
    logged_in(app, browser)
    response = browser.submit("/accounts/settings", {
        "current_password": "wrong-password-1", "password": NEW, "password_confirm": NEW,
    }, action="/accounts/settings/password")
    assert response.status_code == 400
    assert "現在のパスワードが正しくありません" in response.get_data(as_text=True)

    response = browser.submit("/accounts/settings", {
        "current_password": PASSWORD, "password": NEW, "password_confirm": NEW,
    }, action="/accounts/settings/password", follow_redirects=True)
    assert "パスワードを変更しました" in response.get_data(as_text=True)
    browser.logout()
    assert browser.login("hana@example.jp", NEW).status_code == 302


def test_change_email_takes_effect_when_the_new_address_confirms(app, browser, outbox):
    user = logged_in(app, browser)
    response = browser.submit("/accounts/settings", {"email": "hana.new@example.jp", "password": PASSWORD},
                              action="/accounts/settings/email", follow_redirects=True)
    assert "新しいメールアドレスに確認リンクを送信しました" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).email == "hana@example.jp"

    confirm_url = link_in(outbox.deliver_one(to="hana.new@example.jp"), "/accounts/email/confirm/")
    response = browser.client.get(confirm_url, follow_redirects=True)
    assert "メールアドレスを変更しました" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).email == "hana.new@example.jp"
    notice = outbox.deliver_one(to="hana@example.jp")
    assert "hana.new@example.jp" in notice.get_body(preferencelist=("plain",)).get_content()
    assert "すでに使用されています" in browser.client.get(confirm_url, follow_redirects=True).get_data(as_text=True)


def test_change_email_to_a_taken_address_is_refused_on_confirmation(app, browser, outbox):
    logged_in(app, browser)
    browser.submit("/accounts/settings", {"email": "taken@example.jp", "password": PASSWORD},
                   action="/accounts/settings/email")
    gen_user(app, email="taken@example.jp")
    confirm_url = link_in(outbox.deliver_one(), "/accounts/email/confirm/")
    response = browser.client.get(confirm_url, follow_redirects=True)
    assert "そのメールアドレスは別のアカウントで使われています" in response.get_data(as_text=True)


def test_delete_account_needs_password_and_confirmation(app, browser):
    user = logged_in(app, browser)
    response = browser.submit("/accounts/settings", {"password": PASSWORD}, action="/accounts/settings/delete")
    assert response.status_code == 400
    assert "アカウントを削除することを確認してください" in response.get_data(as_text=True)
    response = browser.submit("/accounts/settings", {"password": "wrong-password-1", "confirm": "y"},
                              action="/accounts/settings/delete")
    assert "現在のパスワードが正しくありません" in response.get_data(as_text=True)

    response = browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"},
                              action="/accounts/settings/delete", follow_redirects=True)
    assert "アカウントを削除しました" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id) is None
        assert db.session.scalar(select(User).where(User.email == "hana@example.jp")) is None
    assert browser.client.get("/accounts/settings").status_code == 302
