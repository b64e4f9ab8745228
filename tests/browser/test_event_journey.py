"""The issue's main journey in a real browser: a person who applied as an individual partner registers for a
certifying lecture, gets the confirmation mail over SMTP with the check-in code and the link to their QR code,
staff check them in on the check-in page at phone width, and the person is certified with a member number and
mailed once."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from partners.accounts.models import Role
from tests.browser.test_partner_journey import log_in
from tests.events.factories import gen_event
from tests.factories import gen_partner, gen_user

pytestmark = pytest.mark.browser


def test_register_check_in_by_code_and_become_a_partner(app, live_server, page, chromium, outbox):
    person = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    gen_partner(app, status="applied", owner=person, name="筑波 花子")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    event = gen_event(app, title="生物多様性 パートナー講座", certifies=True, format="in_person",
                      capacity_online=None, online_url="", starts_in=timedelta(minutes=20))
    outbox.deliver()  # the application's acknowledgement

    log_in(page, live_server, "hanako@example.jp")
    page.goto(f"{live_server}/events/{event.id}")
    page.get_by_role("link", name="申し込む").click()
    page.get_by_role("button", name="申し込む").click()
    qr = page.locator("img.check-in-qr")
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())

    body = outbox.deliver_one(to="hanako@example.jp").get_body(preferencelist=("plain",)).get_content()
    code = re.search(r"受付コード：([A-Z0-9]{8})", body).group(1)
    assert "QRコード" in body and page.url in body

    staff_context = chromium.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    staff = staff_context.new_page()
    log_in(staff, live_server, "staff@example.jp")
    staff.goto(f"{live_server}/staff/events/{event.id}/check-in")
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    staff.get_by_label("受付コードまたはQRコード").fill(code.lower())
    staff.get_by_role("button", name="受付する", exact=True).click()
    certified = "筑波 花子さんの受付が完了し、パートナーに認定されました（会員番号 I-00001）。"
    expect(staff.get_by_text(certified)).to_be_visible()
    staff.get_by_label("受付コードまたはQRコード").fill(code)
    staff.get_by_role("button", name="受付する", exact=True).click()
    expect(staff.get_by_text(re.compile("筑波 花子さんは.*に受付済みです。"))).to_be_visible()
    staff_context.close()

    welcome = [m for m in outbox.deliver() if m["To"] == "hanako@example.jp"]
    assert len(welcome) == 1 and "I-00001" in welcome[0].get_body(preferencelist=("plain",)).get_content()
    page.goto(f"{live_server}/members/mine")
    expect(page.get_by_text("I-00001").first).to_be_visible()
