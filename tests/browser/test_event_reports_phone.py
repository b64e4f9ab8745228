"""The staff report pages (participants, sign-in sheet, yearly counts) at 390 px, in Japanese and English: no page
is wider than the screen, and the sign-in sheet's print button appears with JavaScript."""

import pytest

from tests.browser.test_phones import LONG_EMAIL, LONG_NAME, PHONE, log_in, overflow
from tests.events.attendance_factories import gen_registration
from tests.events.factories import gen_event
from tests.factories import gen_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_report_pages_fit_a_phone(app, live_server, chromium, language):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    gen_user(app, email="staff@example.jp", name="市職員 一郎", roles=("staff",), locale=language)
    event = gen_event(app, title=LONG_NAME + "の交流と学びの講座")
    gen_registration(app, event, name=LONG_NAME, email=LONG_EMAIL)
    gen_registration(app, event, mode="online", name="筑波 花子")
    context = chromium.new_context(locale="ja-JP" if language == "ja" else "en-GB", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "staff@example.jp")
    too_wide = []
    for path in [f"/staff/events/{event.id}/participants", f"/staff/events/{event.id}/sign-in-sheet",
                 "/staff/events/report", f"/staff/events/{event.id}"]:
        page.goto(live_server + path)
        width, screen = overflow(page)
        if width > screen:
            too_wide.append((path, width))
    page.goto(live_server + f"/staff/events/{event.id}/sign-in-sheet")
    assert page.locator("[data-print]").is_visible()
    context.close()
    assert too_wide == []
