"""Phones and accessibility: at 390 px no page is wider than the screen and names keep whole lines, the header
menu folds behind a button, SDG badges meet WCAG AA contrast, and a staff action without a reason focuses the
reason field of that action."""

import pytest
from playwright.sync_api import expect

from partners.accounts.models import Role
from tests.factories import PASSWORD, gen_partner, gen_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_NAME = "特定非営利活動法人つくば里山と子どもの未来をつなぐ市民ネットワーク"
LONG_EMAIL = "satoyama-kodomo-mirai-network.jimukyoku@example.tsukuba-shimin.jp"


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def pages_without_arguments(app) -> list[str]:
    """Every GET page whose path takes no argument, except downloads."""
    return sorted(
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
        and "." not in rule.rule.rsplit("/", 1)[-1]
    )


@pytest.fixture
def people(app):
    """One account per role, a long-named group with every goal, and a few applications for the lists."""
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    language_users = {}
    for language in ("ja", "en"):
        suffix = "" if language == "ja" else "-en"
        owner = gen_user(app, email=f"owner{suffix}@example.jp", name="森 太郎", locale=language)
        citizen = gen_user(app, email=f"citizen{suffix}@example.jp", name="筑波 花子", locale=language)
        gen_user(app, email=f"staff{suffix}@example.jp", name="市職員 一郎", roles=(Role.STAFF,), locale=language)
        gen_user(app, email=f"admin{suffix}@example.jp", name="管理者 次郎", roles=(Role.ADMIN,), locale=language)
        group = gen_partner(app, kind="group", owner=owner, name=LONG_NAME + suffix, name_kana="ツクバサトヤマ",
                            area="谷田部", goals=tuple(range(1, 18)), email=LONG_EMAIL,
                            activities="里山の保全と子どもの自然体験" * 5, address="茨城県つくば市研究学園一丁目1番地1")
        gen_partner(app, owner=citizen, name="筑波 花子", name_kana="ツクバ ハナコ", area="茎崎")
        language_users[language] = {"group": group, "registration": registered(app, citizen)}
    gen_partner(app, kind="group", status="applied", name="食品ロス削減ネット", name_kana="ショクヒン", area="桜")
    gen_partner(app, status="changes_requested", name="豊里 三郎", name_kana="トヨサト サブロウ", area="豊里")
    return language_users


def registered(app, person) -> int:
    """A long-titled hybrid lecture `person` registered for: the event pages and check-in have content."""
    from partners.events.models import AttendanceMode
    from partners.events.registration import register
    from partners.extensions import db
    from tests.events.factories import gen_event

    event = gen_event(app, title="障害者の社会参加・自立支援 パートナー講座（筑波山地域ジオパークと生物多様性）",
                      certifies=True)
    with app.test_request_context():
        registration = register(event.id, db.session.get(type(person), person.id), AttendanceMode.IN_PERSON)
        db.session.commit()
        return registration.id


def event_pages(app, registration_id: int) -> tuple[list[str], list[str]]:
    """The participant's and the staff's pages of the event behind `registration_id`."""
    from partners.events.models import Registration
    from partners.extensions import db

    with app.app_context():
        event_id = db.session.get(Registration, registration_id).event_id
    participant = [f"/events/{event_id}", f"/events/registrations/{registration_id}"]
    staff = [f"/events/{event_id}", f"/staff/events/{event_id}", f"/staff/events/{event_id}/edit",
             f"/staff/events/{event_id}/check-in", f"/staff/events/{event_id}/attendance",
             f"/staff/events/{event_id}/participants", f"/staff/events/{event_id}/sign-in-sheet"]
    return participant, staff


def overflow(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


# A name or heading that breaks after every character or two (a squeezed table column).
LINES_OF_NAMES = """() => {
const clipped = el => el && (getComputedStyle(el).clip !== 'auto' || clipped(el.parentElement));
const names = document.querySelectorAll('.partner-name a, .person-name, .keep-words, th, h1');
return [...names].filter(el => !clipped(el)).map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [el.textContent.trim(), tops.size];
});
}"""


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_page_is_wider_than_a_phone_and_names_keep_their_lines(app, live_server, chromium, people, language):
    suffix = "" if language == "ja" else "-en"
    group = people[language]["group"]
    partner_pages = [f"/staff/partners/{group.id}", f"/members/{group.id}/edit", f"/members/{group.id}/certificate",
                     f"/members/{group.id}/contacts", f"/members/{group.id}/withdraw"]
    listed = f"/directory/{group.member_no}"
    search = ["/staff/partners?q=里山", "/staff/partners?sort=applied_newest"]
    participant_pages, staff_event_pages = event_pages(app, people[language]["registration"])
    everywhere = pages_without_arguments(app)
    visits = [
        (None, [*pages_without_arguments(app), listed]),
        (f"citizen{suffix}@example.jp", [*pages_without_arguments(app), "/members/apply/group", *participant_pages,
                                         listed]),
        (f"owner{suffix}@example.jp", [*pages_without_arguments(app), *partner_pages[1:], "/members/apply/individual",
                                       listed]),
        (f"staff{suffix}@example.jp", [*pages_without_arguments(app), *partner_pages[:4], *search,
                                       *staff_event_pages]),
        (f"admin{suffix}@example.jp", [*pages_without_arguments(app), *partner_pages[:4]]),
    ]
    context = chromium.new_context(locale="ja-JP" if language == "ja" else "en-GB", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    too_wide, broken_names, not_shown = [], [], []
    for email, paths in visits:
        context.clear_cookies()
        if email:
            log_in(page, live_server, email)
        for path in paths:
            page.set_viewport_size(PHONE)
            response = page.goto(live_server + path)
            if not response.ok and path not in everywhere:  # pages for other roles answer 403 or redirect
                not_shown.append((email, path, response.status))
            width, screen = overflow(page)
            if width > screen:
                too_wide.append((email, path, width))
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                broken_names += [(email, path, viewport["width"], text, lines)
                                 for text, lines in page.evaluate(LINES_OF_NAMES)
                                 if lines > 1 and len(text) / lines < 2]
    context.close()
    assert not_shown == []
    assert too_wide == []
    assert broken_names == [], "\n".join(map(str, sorted(set(broken_names))))


def test_header_menu_folds_behind_a_button_on_a_phone(app, live_server, page, people):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "admin@example.jp")
    page.goto(live_server + "/staff/")
    button = page.get_by_role("button", name="メニュー")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="会員一覧", exact=True).first).to_be_visible()
    expect(page.locator(".site-header").get_by_role("link", name="ユーザーと役割")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    menu_link = page.locator(".site-header").get_by_role("link", name="ユーザーと役割")
    expect(menu_link).to_be_visible()
    box = menu_link.bounding_box()
    assert box["height"] < 40, "a menu item wrapped inside itself"
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(menu_link).to_be_visible()


def test_header_menu_stays_open_without_javascript(chromium, live_server, people):
    context = chromium.new_context(locale="ja-JP", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    expect(page.locator(".site-header").get_by_role("link", name="ログイン")).to_be_visible()
    expect(page.locator("[data-menu-button]")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_sdg_badge_meets_wcag_aa_contrast(app, live_server, page, people):
    log_in(page, live_server, "staff@example.jp")
    page.goto(live_server + f"/staff/partners/{people['ja']['group'].id}")
    badges = page.evaluate("""() => [...document.querySelectorAll('.facts .goal-badge')].map(badge => {
      const text = badge.querySelector('[aria-hidden]');
      const style = getComputedStyle(badge);
      return [text.textContent, getComputedStyle(text).color, style.backgroundColor];
    })""")
    assert [number for number, _fg, _bg in badges] == [str(n) for n in range(1, 18)]

    def rgb(css: str) -> tuple[int, int, int]:
        assert css.startswith("rgb(") or css.startswith("rgba("), css
        red, green, blue = (int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        return red, green, blue

    ratios = {number: round(contrast(rgb(fg), rgb(bg)), 2) for number, fg, bg in badges}
    assert {number: ratio for number, ratio in ratios.items() if ratio < 4.5} == {}
    assert rgb(badges[0][2]) == (0xE5, 0x24, 0x3B), "the badge is drawn in the goal's official colour"


def test_action_without_reason_focuses_that_actions_reason_with_an_alert(app, live_server, page, people):
    applied = gen_partner(app, kind="group", status="applied", name="みどりの会", name_kana="ミドリノカイ")
    log_in(page, live_server, "staff@example.jp")
    page.goto(live_server + f"/staff/partners/{applied.id}")
    reject = page.locator("form", has=page.get_by_role("heading", name="却下する"))
    reject.get_by_role("button", name="却下する").click()
    # The browser focuses an autofocus field at its next rendering after the page loads: wait for it.
    reason = page.locator("#reason-reject")
    expect(reason).to_be_focused()
    expect(reason).to_have_attribute("aria-invalid", "true")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("変更していません")
    expect(page.locator("#reason-reject-error")).to_have_text("理由を入力してください。")


CARD_LAYOUT = """() => [...document.querySelectorAll('.card-table tbody tr')].map(row => ({
  display: getComputedStyle(row).display,
  width: Math.round(row.getBoundingClientRect().width),
  labels: [...row.querySelectorAll('td[data-label]')].map(cell => getComputedStyle(cell, '::before').content),
  headerShown: document.querySelector('.card-table thead').getBoundingClientRect().height > 1,
}))"""


def test_the_staff_list_becomes_cards_on_a_phone_and_a_table_on_a_desk(app, live_server, page, people):
    log_in(page, live_server, "staff@example.jp")
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/staff/partners")
    cards = page.evaluate(CARD_LAYOUT)
    assert len(cards) >= 4
    screen = page.evaluate("window.innerWidth")
    for card in cards:
        assert card["display"] == "block" and card["width"] <= screen and not card["headerShown"]
        assert card["labels"][:3] == ['"会員番号"', '"氏名"', '"区分"']
    page.set_viewport_size(DESKTOP)
    rows = page.evaluate(CARD_LAYOUT)
    assert all(row["display"] == "table-row" and row["headerShown"] for row in rows)
    assert all(label in ("none", "normal") for row in rows for label in row["labels"])
