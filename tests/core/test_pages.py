import re
from html.parser import HTMLParser

import pytest

from config import Config, DevelopmentConfig, normalise_database_url
from partners import create_app
from tests.factories import gen_user


def test_home_page_is_japanese_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "本文へスキップ" in html


def test_first_visit_follows_accept_language(client):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_language_choice_is_remembered(browser):
    assert browser.choose_language("en", next_path="/accounts/login").headers["Location"] == "/accounts/login"
    html = browser.client.get("/", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_language_choice_is_saved_on_the_account(app, browser):
    from partners.accounts.models import User
    from partners.extensions import db

    user = gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    response = browser.submit("/", {"language": "en", "next": "https://evil.example/"}, action="/language")
    assert response.headers["Location"] == "/"
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"


def test_a_visitors_language_switch_refuses_to_send_them_elsewhere_and_ignores_unknown_languages(client):
    response = client.get("/language", query_string={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    response = client.get("/language", query_string={"language": "xx", "next": "/accounts/login"})
    assert response.headers["Location"] == "/accounts/login"
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ja"}).get_data(as_text=True)


def test_a_visitors_public_pages_set_no_cookie(app, client):
    """A visitor's switch is a GET form, so their pages need no session: no cookie is set, and a shared cache
    may keep a public page. Choosing a language does set one (the choice is kept in it)."""
    from tests.events.factories import gen_event

    event = gen_event(app)
    for path in ("/", "/directory/", "/events/", f"/events/{event.id}", "/privacy", "/no-such-page"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert 'name="csrf_token"' not in response.get_data(as_text=True), path
    assert "Set-Cookie" in client.get("/language", query_string={"language": "en"}).headers


def test_a_signed_in_persons_language_switch_is_a_form_with_a_csrf_token(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    html = browser.client.get("/").get_data(as_text=True)
    switch = re.search(r'<form method="(\w+)" action="/language" class="language-switch">\s*<input ([^>]+)>', html)
    assert switch.group(1) == "post" and 'name="csrf_token"' in switch.group(2)


@pytest.mark.parametrize("language, text", [("ja", "ページが見つかりません"), ("en", "Page not found")])
def test_not_found_page_in_both_languages(client, language, text):
    response = client.get("/no-such-page", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_bad_request_page_for_a_post_without_csrf_token(client):
    response = client.post("/accounts/login", data={"email": "a@example.jp", "password": "x"})
    assert response.status_code == 400
    assert "送信できませんでした" in response.get_data(as_text=True)


def test_unexpected_errors_get_a_friendly_500_page(make_app):
    failing = make_app(DevelopmentConfig, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @failing.get("/boom")
    def boom():
        raise RuntimeError("bug")

    client = failing.test_client()
    response = client.get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "RuntimeError" not in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for path in ["/", "/accounts/login", "/no-such-page", "/healthz"]:
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_and_no_outside_assets(client):
    html = client.get("/accounts/signup").get_data(as_text=True)
    assert "<script>" not in html and " on" + "click=" not in html
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html


class FormControls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.labels = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.inputs.append(attrs.get("id"))
        if tag == "label":
            self.labels.add(attrs.get("for"))


@pytest.mark.parametrize("path", ["/accounts/signup", "/accounts/login", "/accounts/forgot-password"])
def test_every_input_has_a_label(client, path):
    controls = FormControls()
    controls.feed(client.get(path).get_data(as_text=True))
    assert controls.inputs
    assert all(input_id in controls.labels for input_id in controls.inputs), controls.inputs


def test_session_cookie_is_httponly_and_lax(client):
    client.get("/accounts/login")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_session_cookie_is_secure_outside_development(make_app):
    production = make_app(Config, SECRET_KEY="s" * 32, SERVER_NAME="localhost")
    client = production.test_client()
    client.get("/accounts/login")
    assert client.get_cookie("session").secure


def test_production_refuses_to_start_without_a_secret_key(database_url):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config, SECRET_KEY=None, SQLALCHEMY_DATABASE_URI=database_url)


def test_plain_postgresql_urls_use_the_installed_driver():
    assert normalise_database_url("postgresql://postgres@127.0.0.1:5432/test") == (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    assert normalise_database_url("postgres://u:p@db/x") == "postgresql+psycopg://u:p@db/x"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_health_check_is_503_when_the_database_does_not_answer(make_app, tmp_path):
    unreachable = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-dir/x.db")
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
