"""Links in mail point at our own site whatever Host a request claims; personal pages are never cached; production
insists on HTTPS through HSTS."""

import pytest
from sqlalchemy import select

from config import Config
from partners import create_app
from partners.accounts.models import Role
from partners.extensions import db
from partners.outbox.models import OutboxMessage
from tests.conftest import csrf_token, link_in
from tests.factories import gen_partner, gen_user


def test_a_request_for_another_host_is_refused_and_queues_no_mail(app, make_app):
    """CSRF is off here so that the Host check alone is what refuses the request."""
    gen_user(app, email="hanako@example.jp")
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    response = client.post("/accounts/forgot-password", data={"email": "hanako@example.jp"},
                           headers={"Host": "evil.example"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_mail_links_use_the_configured_host_name_not_the_requests(make_app, outbox):
    production = make_app(Config, SECRET_KEY="s" * 32, SERVER_NAME="partners.example.jp",
                          TRUSTED_HOSTS=["partners.example.jp", "lb.internal"])
    gen_user(production, email="hanako@example.jp")
    client = production.test_client()
    page = client.get("/accounts/forgot-password", base_url="https://lb.internal")
    assert page.status_code == 200
    client.post("/accounts/forgot-password", base_url="https://lb.internal",
                headers={"Referer": "https://lb.internal/accounts/forgot-password"},
                data={"email": "hanako@example.jp", "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert link_in(outbox.deliver_one(), "/accounts/reset-password/").startswith(
        "https://partners.example.jp/accounts/reset-password/")
    assert production.test_client().get("/", base_url="https://evil.example").status_code == 400


def test_production_refuses_to_start_without_its_host_name(database_url):
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        create_app(Config, SECRET_KEY="s" * 32, SERVER_NAME=None, SQLALCHEMY_DATABASE_URI=database_url)


def test_production_sends_strict_transport_security(make_app):
    production = make_app(Config, SECRET_KEY="s" * 32, SERVER_NAME="localhost")
    response = production.test_client().get("/accounts/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_with_personal_data_are_never_stored_by_browsers_or_proxies(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    partner = gen_partner(app, owner=owner)
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    assert "no-store" not in browser.client.get("/").headers.get("Cache-Control", "")
    browser.login("owner@example.jp")
    for path in ("/members/mine", f"/members/{partner.id}/data.json", f"/members/{partner.id}/certificate",
                 "/accounts/settings"):
        response = browser.client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    browser.logout()
    browser.login("staff@example.jp")
    for path in ("/staff/partners", f"/staff/partners/{partner.id}", "/staff/partners/export.csv"):
        response = browser.client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    static = browser.client.get("/static/css/app.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_a_page_opened_by_a_mailed_link_without_logging_in_is_never_stored(app, browser, outbox):
    """The survey link needs no login and the page names the partner and its member number."""
    from tests.activities.test_survey import open_survey

    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    gen_partner(app, owner=gen_user(app, email="hana@example.jp"), name="筑波 花子")
    outbox.deliver()
    browser.login("staff@example.jp")
    survey_id = open_survey(browser)
    browser.submit(f"/staff/surveys/{survey_id}", {}, action=f"/staff/surveys/{survey_id}/invite")
    link = link_in(outbox.deliver_one(to="hana@example.jp"), "/surveys/answer/")

    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 200 and "筑波 花子" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "no-store" not in visitor.get("/").headers.get("Cache-Control", "")
