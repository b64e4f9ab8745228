"""postal.js in Chromium on the real group application form, under the site's Content-Security-Policy, against
the real lookup endpoint."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, gen_user

pytestmark = pytest.mark.browser


def test_postal_code_fills_the_address_until_the_person_edits_it(app, live_server, page):
    gen_user(app, email="hana@example.jp", locale="en")
    page.goto(live_server + "/accounts/login")
    page.get_by_label("メールアドレス", exact=True).fill("hana@example.jp")
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("You are logged in.").wait_for()  # from here on in the account's language, English

    page.goto(live_server + "/members/apply/group")
    postal_code = page.get_by_label("Postal code", exact=True)
    address = page.get_by_label("Address", exact=True)
    status = page.locator("#postal-status")
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
