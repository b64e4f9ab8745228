"""Wrong current passwords on the account settings count toward the same lockout as failed logins."""

from partners.accounts.models import User
from partners.extensions import db
from tests.accounts.test_login import FAILED
from tests.accounts.test_sessions import another_browser
from tests.factories import PASSWORD, gen_user

NEW = "hoshizora-2026-tsukuba"
WRONG = "wrong-password-1"
LOCKED = "一時的にロックされています"
SETTINGS = "/accounts/settings"


def change_email(browser, password: str):
    return browser.submit(SETTINGS, {"email": "hana.new@example.jp", "password": password},
                          action="/accounts/settings/email")


def change_password(browser, password: str):
    return browser.submit(SETTINGS, {"current_password": password, "password": NEW, "password_confirm": NEW},
                          action="/accounts/settings/password")


def delete_account(browser, password: str):
    return browser.submit(SETTINGS, {"password": password, "confirm": "y"}, action="/accounts/settings/delete")


def test_wrong_current_passwords_in_the_settings_lock_the_account(app, browser):
    user = gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    attempts = [change_email, change_password, delete_account]
    for number in range(app.config["LOGIN_LOCK_AFTER_FAILURES"] - 1):
        response = attempts[number % 3](browser, WRONG)
        assert response.status_code == 400
        assert "現在のパスワードが正しくありません" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).failed_logins == app.config["LOGIN_LOCK_AFTER_FAILURES"] - 1

    assert LOCKED in change_email(browser, WRONG).get_data(as_text=True)
    for attempt in attempts:
        response = attempt(browser, PASSWORD)
        assert response.status_code == 400
        assert LOCKED in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.email == "hana@example.jp" and stored.check_password(PASSWORD)
    assert FAILED in another_browser(app).login("hana@example.jp").get_data(as_text=True)


def test_failed_logins_and_wrong_current_passwords_add_up(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    for _ in range(app.config["LOGIN_LOCK_AFTER_FAILURES"] - 1):
        another_browser(app).login("hana@example.jp", WRONG)
    assert LOCKED in change_password(browser, WRONG).get_data(as_text=True)
