from datetime import timedelta

from sqlalchemy import func, select

from partners.accounts.models import User
from partners.core.models import RateLimitCounter
from partners.core.timeutil import utcnow
from partners.extensions import db
from tests.conftest import csrf_token
from tests.factories import PASSWORD, gen_user

FAILED = "メールアドレスまたはパスワードが正しくありません"


def test_log_in_and_out(app, browser):
    gen_user(app, email="hana@example.jp")
    response = browser.login("hana@example.jp", follow_redirects=True)
    assert "ログインしました" in response.get_data(as_text=True)
    assert browser.client.get("/accounts/settings").status_code == 200
    response = browser.logout()
    assert response.status_code == 302
    assert browser.client.get("/accounts/settings").status_code == 302


def test_unknown_address_and_wrong_password_get_the_same_answer(app, browser):
    gen_user(app, email="hana@example.jp")
    unknown = browser.login("nobody@example.jp").get_data(as_text=True)
    wrong = browser.login("hana@example.jp", "not-the-password").get_data(as_text=True)
    assert FAILED in unknown and FAILED in wrong
    assert page_without(unknown, "nobody@example.jp") == page_without(wrong, "hana@example.jp")


def page_without(html: str, email: str) -> str:
    """The page less what legitimately differs: the CSRF token and the address typed."""
    return html.replace(csrf_token(html), "").replace(email, "")


def test_repeated_failures_lock_the_account_for_a_while(app, browser):
    user = gen_user(app, email="hana@example.jp")
    for _ in range(app.config["LOGIN_LOCK_AFTER_FAILURES"]):
        browser.login("hana@example.jp", "wrong-password-x")
    locked = browser.login("hana@example.jp", PASSWORD)
    assert FAILED in locked.get_data(as_text=True)
    assert browser.client.get("/accounts/settings").status_code == 302

    with app.app_context():
        db.session.get(User, user.id).locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert browser.login("hana@example.jp", PASSWORD).status_code == 302
    assert browser.client.get("/accounts/settings").status_code == 200


def test_login_is_rate_limited(app, browser):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert browser.login("nobody@example.jp", "whatever-123").status_code == 200
    response = browser.login("nobody@example.jp", "whatever-123")
    assert response.status_code == 429
    assert "試行回数が多すぎます" in response.get_data(as_text=True)


def test_limits_are_counted_on_the_limited_routes_only(app, browser):
    """The limiter checks each route that declares a limit when that route runs, not before every request: the
    login form counts each attempt (and says how many are left), while pages without a limit count nothing."""
    for path in ("/", "/healthz", "/events/", "/accounts/login"):
        assert browser.client.get(path).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 0
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    first = browser.login("nobody@example.jp", "whatever-123")
    assert first.headers["X-RateLimit-Remaining"] == str(limit - 1)
    for _ in range(limit - 1):
        browser.login("nobody@example.jp", "whatever-123")
    assert browser.login("nobody@example.jp", "whatever-123").status_code == 429
    assert browser.client.get("/healthz").status_code == 200


def test_next_parameter_only_goes_to_our_own_pages(app, browser):
    gen_user(app, email="hana@example.jp")
    for target, expected in [
        ("/accounts/settings", "/accounts/settings"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ]:
        response = browser.submit(
            "/accounts/login", {"email": "hana@example.jp", "password": PASSWORD},
            action=f"/accounts/login?next={target}",
        )
        assert response.status_code == 302
        assert response.headers["Location"] == expected, target
        browser.logout()


def test_remember_me_sets_a_lasting_cookie(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.submit("/accounts/login", {"email": "hana@example.jp", "password": PASSWORD, "remember": "y"})
    cookie = browser.client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only


def test_login_records_last_login(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    with app.app_context():
        assert db.session.scalar(select(User.last_login_at)) is not None


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/accounts/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login?next=")


def test_an_app_made_without_rate_limits_does_not_switch_them_off_for_the_next(app, make_app):
    """Load tests make an app with RATELIMIT_ENABLED=False; Flask-Limiter keeps one limiter for every app, and
    without an explicit setting the next app inherited "off" (a collaboration limit once let a third request
    through in a full run)."""
    make_app(RATELIMIT_ENABLED=False)
    limited = make_app(WTF_CSRF_ENABLED=False)  # the limit is what is tested here
    client = limited.test_client()
    limit = int(limited.config["LOGIN_RATE_LIMIT"].split()[0])
    attempt = {"email": "nobody@example.jp", "password": "whatever-123"}
    answers = [client.post("/accounts/login", data=attempt).status_code for _ in range(limit + 1)]
    assert answers[-1] == 429
