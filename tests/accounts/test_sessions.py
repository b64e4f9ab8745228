"""Sessions live on the server: logging out, changing or resetting the password ends them, whatever cookies an
attacker copied; the person sees and ends them in the account settings."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from partners.accounts.models import UserSession
from partners.extensions import db
from tests.conftest import Browser, link_in
from tests.factories import PASSWORD, gen_user

NEW = "hoshizora-2026-tsukuba"
SETTINGS = "/accounts/settings"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def another_browser(app, user_agent: str | None = None) -> Browser:
    client = app.test_client()
    if user_agent:
        client.environ_base["HTTP_USER_AGENT"] = user_agent
    return Browser(client)


def copy_of_cookies(app, browser: Browser, *names: str) -> Browser:
    """What an attacker has after copying the named cookies out of `browser`."""
    thief = another_browser(app)
    for name in names:
        cookie = browser.client.get_cookie(name)
        assert cookie is not None, name
        thief.client.set_cookie(name, cookie.value)
    return thief


def logged_in(browser: Browser) -> bool:
    return browser.client.get(SETTINGS).status_code == 200


def change_password(browser: Browser, current: str = PASSWORD, new: str = NEW):
    return browser.submit(SETTINGS, {"current_password": current, "password": new, "password_confirm": new},
                          action="/accounts/settings/password")


def test_a_session_cookie_copied_before_logout_does_not_work_after_it(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    thief = copy_of_cookies(app, browser, "session")
    assert logged_in(thief)

    browser.logout()
    assert not logged_in(thief)
    assert not logged_in(browser)


def test_a_remember_me_cookie_copied_before_logout_does_not_work_after_it(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.submit("/accounts/login", {"email": "hana@example.jp", "password": PASSWORD, "remember": "y"})
    thief = copy_of_cookies(app, browser, "remember_token")
    assert logged_in(thief)

    browser.logout()
    assert not logged_in(copy_of_cookies(app, thief, "remember_token"))


def test_the_cookies_carry_no_user_id(app, browser):
    user = gen_user(app, email="hana@example.jp")
    browser.submit("/accounts/login", {"email": "hana@example.jp", "password": PASSWORD, "remember": "y"})
    assert not browser.client.get_cookie("remember_token").value.startswith(f"{user.id}|")
    forged = another_browser(app)
    forged.client.set_cookie("remember_token", browser.client.get_cookie("remember_token").value.replace(
        browser.client.get_cookie("remember_token").value.split("|")[0], str(user.id)))
    assert not logged_in(forged)


def test_a_password_change_ends_every_other_session_and_remember_me_cookie(app, browser):
    gen_user(app, email="hana@example.jp")
    other = another_browser(app)
    other.submit("/accounts/login", {"email": "hana@example.jp", "password": PASSWORD, "remember": "y"})
    remembered = copy_of_cookies(app, other, "remember_token")
    browser.login("hana@example.jp")
    assert logged_in(other) and logged_in(remembered)

    assert change_password(browser).status_code == 302
    assert logged_in(browser)
    assert not logged_in(other)
    assert not logged_in(remembered)


def test_a_password_reset_by_mail_ends_every_session(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    laptop = another_browser(app)
    laptop.submit("/accounts/login", {"email": "hana@example.jp", "password": PASSWORD, "remember": "y"})
    remembered = copy_of_cookies(app, laptop, "remember_token")
    browser.submit("/accounts/forgot-password", {"email": "hana@example.jp"})
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")

    browser.submit(reset_url, {"password": NEW, "password_confirm": NEW})
    assert not logged_in(laptop)
    assert not logged_in(remembered)
    with app.app_context():
        assert db.session.scalar(select(func.count(UserSession.id))) == 0


def test_a_reset_link_fails_after_the_password_was_changed(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    another_browser(app).submit("/accounts/forgot-password", {"email": "hana@example.jp"})
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")
    browser.login("hana@example.jp")
    change_password(browser)

    response = browser.client.get(reset_url, follow_redirects=True)
    assert "すでに使用されています" in response.get_data(as_text=True)


def test_a_reset_link_fails_after_the_address_was_changed(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    another_browser(app).submit("/accounts/forgot-password", {"email": "hana@example.jp"})
    reset_url = link_in(outbox.deliver_one(), "/accounts/reset-password/")
    browser.login("hana@example.jp")
    browser.submit(SETTINGS, {"email": "hana.new@example.jp", "password": PASSWORD},
                   action="/accounts/settings/email")
    browser.client.get(link_in(outbox.deliver_one(to="hana.new@example.jp"), "/accounts/email/confirm/"))

    response = another_browser(app).client.get(reset_url, follow_redirects=True)
    assert "すでに使用されています" in response.get_data(as_text=True)


def test_settings_list_the_sessions_and_log_out_everywhere_else(app):
    gen_user(app, email="hana@example.jp")
    phone = another_browser(app, SAFARI)
    phone.login("hana@example.jp")
    desk = another_browser(app, FIREFOX)
    desk.login("hana@example.jp")

    page = desk.client.get(SETTINGS).get_data(as_text=True)
    assert "Windows の Firefox" in page
    assert "iPhone の Safari" in page
    assert "この端末" in page

    response = desk.submit(SETTINGS, {}, action="/accounts/settings/sessions/end-others", follow_redirects=True)
    assert "他のすべての端末からログアウトしました" in response.get_data(as_text=True)
    assert "iPhone の Safari" not in response.get_data(as_text=True)
    assert not logged_in(phone)
    assert logged_in(desk)


def test_ending_one_session_logs_out_that_device_only(app, browser):
    user = gen_user(app, email="hana@example.jp")
    phone = another_browser(app, SAFARI)
    phone.login("hana@example.jp")
    browser.login("hana@example.jp")
    with app.app_context():
        phone_session = db.session.scalar(select(UserSession.id).where(
            UserSession.user_id == user.id, UserSession.user_agent == SAFARI))

    response = browser.submit(SETTINGS, {}, action=f"/accounts/settings/sessions/{phone_session}/end")
    assert response.status_code == 302
    assert not logged_in(phone)
    assert logged_in(browser)


def test_nobody_ends_another_persons_session(app, browser):
    gen_user(app, email="hana@example.jp")
    victim = another_browser(app)
    victim.login("hana@example.jp")
    with app.app_context():
        victim_session = db.session.scalar(select(UserSession.id))
    gen_user(app, email="mallory@example.jp")
    browser.login("mallory@example.jp")

    response = browser.submit(SETTINGS, {}, action=f"/accounts/settings/sessions/{victim_session}/end")
    assert response.status_code == 404
    assert logged_in(victim)


def test_ending_sessions_needs_the_csrf_token(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    assert browser.client.post("/accounts/settings/sessions/end-others").status_code == 400


def test_settings_show_when_each_device_was_last_seen_in_tokyo_time(app):
    user = gen_user(app, email="hana@example.jp")
    phone = another_browser(app, SAFARI)
    phone.login("hana@example.jp")
    desk = another_browser(app, FIREFOX)
    desk.login("hana@example.jp")
    yesterday = (datetime.now(UTC) - timedelta(days=1)).replace(second=0, microsecond=0)
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user.id,
                                                     UserSession.user_agent == SAFARI)
                           .values(last_seen_at=yesterday))
        db.session.commit()
    in_tokyo = yesterday.astimezone(ZoneInfo("Asia/Tokyo"))
    shown = f"{in_tokyo:%Y/%m/%d} {in_tokyo.hour}:{in_tokyo:%M}"

    def phone_row() -> str:
        page = desk.client.get(SETTINGS).get_data(as_text=True)
        return page.split("iPhone の Safari")[1].split("</tr>")[0]

    assert shown in phone_row()
    assert logged_in(phone)
    assert shown not in phone_row(), "using the phone moves its last-seen time"
