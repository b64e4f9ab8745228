"""postal.js in Chromium, under the site's Content-Security-Policy, against the real lookup endpoint.

No page of the app carries a postal code field yet that this test could rely on, so the browser is handed a
minimal form at a path on the app's own origin (Playwright answers that one request); the script, the session
and the endpoint are the app's."""

import pytest
from playwright.sync_api import expect

from partners.core.security import CONTENT_SECURITY_POLICY
from tests.factories import PASSWORD, gen_user

pytestmark = pytest.mark.browser

FORM = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>postal</title></head>
<body>
  <label for="postal_code">郵便番号</label>
  <input id="postal_code" name="postal_code" data-postal-lookup="address" data-postal-status="postal-status">
  <label for="address">住所</label>
  <input id="address" name="address">
  <p id="postal-status" role="status" aria-live="polite"></p>
  <script src="/static/js/postal.js"></script>
</body></html>"""


def test_postal_code_fills_the_address_until_the_person_edits_it(app, live_server, page):
    gen_user(app, email="hana@example.jp", locale="en")
    page.goto(live_server + "/accounts/login")
    page.get_by_label("メールアドレス", exact=True).fill("hana@example.jp")
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("You are logged in.").wait_for()  # from here on in the account's language, English

    page.route(live_server + "/postal-form", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=FORM,
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
    ))
    page.goto(live_server + "/postal-form")
    postal_code, address, status = page.get_by_label("郵便番号"), page.get_by_label("住所"), page.get_by_role("status")

    postal_code.fill("３０５－００３１")
    expect(address).to_have_value("茨城県つくば市吾妻")
    expect(status).to_have_text("Address for 305-0031: 茨城県つくば市吾妻")

    postal_code.fill("100-0001")
    expect(address).to_have_value("東京都千代田区千代田")

    address.fill("東京都千代田区千代田1-1")
    postal_code.fill("3050031")
    expect(status).to_have_text("Address for 305-0031: 茨城県つくば市吾妻")
    expect(address).to_have_value("東京都千代田区千代田1-1")

    postal_code.fill("000-0000")
    expect(status).to_have_text("No address was found for this postal code.")
    expect(address).to_have_value("東京都千代田区千代田1-1")
