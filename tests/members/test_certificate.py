"""The member certificate names its issuer (the configured programme office), the issue date in Tokyo and the
member number; it prints on one A4 page from a print button, without the site's header and footer."""

import re
from datetime import UTC, datetime

from partners.core import timeutil
from tests.conftest import Browser
from tests.factories import gen_partner, gen_user


def static_text(client, path: str) -> str:
    with client.get(path) as response:
        assert response.status_code == 200
        return response.get_data(as_text=True)


def certificate_of(app, browser, locale="ja") -> tuple[str, int]:
    owner = gen_user(app, email="hana@example.jp", locale=locale)
    partner = gen_partner(app, owner=owner)
    browser.login("hana@example.jp")
    return browser.client.get(f"/members/{partner.id}/certificate").get_data(as_text=True), partner.id


def test_certificate_shows_issuer_issue_date_in_tokyo_and_member_number(app, browser, monkeypatch):
    # 15:30 UTC on 31 March is already 1 April in Tokyo.
    monkeypatch.setattr(timeutil, "utcnow", lambda: datetime(2024, 3, 31, 15, 30, tzinfo=UTC))
    html, _partner_id = certificate_of(app, browser)
    assert "発行者" in html and "つくば市 政策イノベーション部 持続可能都市戦略課" in html
    assert re.search(r"<dt>発行日</dt><dd>2024年4月1日</dd>", html)
    assert "<dt>会員番号</dt><dd class=\"nowrap\">I-00001</dd>" in html


def test_the_issuer_is_a_setting(app, make_app):
    other = make_app(PROGRAMME_OFFICE_JA="みらい市 市民協働課", PROGRAMME_OFFICE_EN="Civic Partnership Division")
    html, _partner_id = certificate_of(other, Browser(other.test_client()))
    assert "みらい市 市民協働課" in html and "持続可能都市戦略課" not in html


def test_english_certificate_names_the_english_office(app, browser):
    html, _partner_id = certificate_of(app, browser, locale="en")
    assert "Issued by" in html and "Sustainable City Strategy Division" in html and "Date of issue" in html


def test_print_button_is_wired_by_a_script_file(app, browser):
    html, _partner_id = certificate_of(app, browser)
    assert re.search(r'<button type="button"[^>]*data-print[^>]*>会員証を印刷する</button>', html)
    assert '<script src="/static/js/print.js" defer></script>' in html
    assert "<script>" not in html, "the Content-Security-Policy allows no inline script"
    script = static_text(browser.client, "/static/js/print.js")
    assert "[data-print]" in script and "window.print()" in script


def test_print_stylesheet_is_a4_without_header_footer_and_buttons(client):
    css = static_text(client, "/static/css/app.css")
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    print_rules = css[css.index("@media print"):]
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none", print_rules).group(1)
    for selector in (".site-header", ".site-footer", "nav", "button", ".no-print"):
        assert selector in hidden
