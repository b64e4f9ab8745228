"""The home page on a 390 px phone, for a visitor and for a signed-in partner, in both languages: nothing wider
than the screen, every block readable, suggestions and their reasons wrapping inside the screen."""

import pytest

from tests.browser.test_phones import LINES_OF_NAMES, PHONE, log_in, overflow
from tests.factories import gen_partner, gen_user
from tests.portal.factories import PNG, gen_collaboration, gen_news, gen_showcase

pytestmark = pytest.mark.browser
LONG_NAME = "特定非営利活動法人つくば里山と子どもの未来をつなぐ市民ネットワーク"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_home_page_fits_a_phone(app, live_server, chromium, language):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    person = gen_user(app, email="hana@example.jp", name="筑波 花子", locale=language)
    gen_partner(app, owner=person, needs="子ども食堂の食材、里山の手入れ" * 3, offers="会場", goals=tuple(range(1, 18)))
    owner, other = gen_user(app), gen_user(app)
    group = gen_partner(app, kind="group", owner=owner, name=LONG_NAME, name_kana="ツクバサトヤマ",
                        goals=tuple(range(1, 18)), offers="子ども食堂の食材、里山の手入れ" * 3, needs="会場")
    farm = gen_partner(app, kind="group", owner=other, name="筑波農園", name_kana="ツクバノウエン")
    staff = gen_user(app, roles=("staff",))
    gen_showcase(app, gen_collaboration(app, group, farm, owner, other), owner, other, staff,
                 title="里山の恵みを子ども食堂へ" * 3)
    gen_news(app, title="パートナー講座「障害者の社会参加・自立支援」の申込みを受け付けています", pinned=True,
             image=PNG)

    context = chromium.new_context(locale="ja-JP" if language == "ja" else "en-GB", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    results = {}
    for who in ("visitor", "partner"):
        if who == "partner":
            log_in(page, live_server, "hana@example.jp")
        page.goto(live_server + "/")
        results[who] = (overflow(page), [(text, lines) for text, lines in page.evaluate(LINES_OF_NAMES)
                                         if lines > 1 and len(text) / lines < 2],
                        page.locator("main h2").all_inner_texts())
    context.close()

    for who, ((width, screen), broken, _headings) in results.items():
        assert width <= screen, who
        assert broken == [], who
    visitor_headings, partner_headings = results["visitor"][2], results["partner"][2]
    assert ("参加するには" if language == "ja" else "How to join") in visitor_headings
    assert ("連携先の候補" if language == "ja" else "Suggested partners") in partner_headings
