"""Applying as a partner with the keyboard alone: a person signs in, applies as an individual and then for their
group, using only Tab, Shift+Tab, Space, Enter, the arrow keys and typing into whatever has focus. Every element
that takes focus shows it, on the screen; a refused submission opens on the field in error; both applications are
saved and their status shown."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from partners.extensions import db
from partners.members.models import Partner
from tests.factories import PASSWORD, gen_user

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName.toLowerCase(), type: element.type || "", name: element.name || "", id: element.id,
    value: element.value ?? "", checked: !!element.checked, href: element.getAttribute("href") || "",
    text: (element.innerText || element.value || "").trim().slice(0, 40),
    ring: element.matches(":focus-visible")
      && ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none"),
    on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def key_of(stop: dict) -> str:
    """How the plan names a stop: a checkbox by name and value (goals=11), anything else by name or id."""
    return f"{stop['name']}={stop['value']}" if stop["type"] == "checkbox" else stop["name"] or stop["id"]


class Keyboard:
    """Moves through a page as a keyboard user does, and remembers every stop where focus could not be seen."""

    def __init__(self, page):
        self.page = page
        self.unseen: set[str] = set()

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self.focused()

    def focused(self) -> dict:
        stop = self.page.evaluate(FOCUSED)
        if stop["tag"] not in ("body", "main") and not (stop["ring"] and stop["on_screen"]):
            path = self.page.url.split("/", 3)[-1]
            self.unseen.add(f"/{path}: <{stop['tag']}> {stop['name'] or stop['href'] or stop['text']}")
        return stop

    def enter(self) -> None:
        """Enter on a link or in a form: the page may go away, so nothing is read from it."""
        self.page.keyboard.press("Enter")

    def tab_to(self, wanted, limit: int = 80) -> dict:
        for _ in range(limit):
            stop = self.press("Tab")
            if wanted(stop):
                return stop
        raise AssertionError(f"Tab never reached the element on {self.page.url}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def choose_in_select(self, value: str) -> None:
        """A closed <select> changes its option with the arrow keys."""
        for _ in range(20):
            if self.focused()["value"] == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {value!r}")

    def choose_radio(self, value: str) -> None:
        """Tab enters a radio group on its first button when none is checked; the arrow keys move and check."""
        if self.focused()["value"] == value:
            self.page.keyboard.press("Space")
        for _ in range(10):
            stop = self.focused()
            if stop["checked"] and stop["value"] == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no choice {value!r}")

    def fill_form(self, plan: dict[str, tuple], submit_id: str = "submit") -> list[str]:
        """Tab through the form once, doing at each field what `plan` says, then go back one stop with Shift+Tab
        (it must be the stop before the button), return to the button and press Enter. Returns the stops."""
        stops, done = [], set()
        while True:
            stop = self.press("Tab")
            key = key_of(stop)
            stops.append(key)
            if stop["id"] == submit_id:
                break
            if key in plan and key not in done:
                action, *arguments = plan[key]
                {"type": self.type, "select": self.choose_in_select, "radio": self.choose_radio,
                 "check": lambda: self.page.keyboard.press("Space"),
                 "shows": lambda value: expect(self.page.locator(":focus")).to_have_value(value)}[action](*arguments)
                done.add(key)
            assert len(stops) < 200, stops
        assert done == set(plan), f"never reached: {set(plan) - done}"
        assert key_of(self.press("Shift+Tab")) == stops[-2], "Shift+Tab goes back to the previous stop"
        assert self.press("Tab")["id"] == submit_id
        self.enter()
        return stops


def visibility(contact: str = "partners") -> dict[str, tuple]:
    return {"visibility_listing": ("radio", "public"), "visibility_activities": ("radio", "public"),
            "visibility_offers_needs": ("radio", "public"), "visibility_contact": ("radio", contact)}


def test_a_person_applies_as_an_individual_and_for_a_group_with_the_keyboard_only(app, live_server, page):
    person = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    keys = Keyboard(page)
    page.goto(live_server + "/")

    skip = keys.press("Tab")
    assert skip["href"] == "#main" and skip["text"] == "本文へスキップ", "the first stop skips the header"
    keys.enter()
    log_in = keys.press("Tab")
    assert log_in["href"] == "/accounts/login", "after the skip link, the main content's first link"
    keys.enter()
    page.wait_for_url("**/accounts/login")
    keys.tab_to(lambda stop: stop["name"] == "email")
    keys.type("hanako@example.jp")
    assert keys.press("Tab")["name"] == "password"
    keys.type(PASSWORD)
    keys.enter()
    page.get_by_text("ログインしました").wait_for()

    keys.tab_to(lambda stop: stop["href"] == "/members/apply/individual")
    keys.enter()
    page.wait_for_url("**/members/apply/individual")
    individual = keys.fill_form({
        "name_kana": ("type", "つくば はなこ"), "area": ("select", "筑波"),
        "goals=11": ("check",), "goals=13": ("check",),
        "activities": ("type", "筑波山の清掃登山に毎月参加しています。"), "phone": ("type", "029-883-1111"),
        **visibility(contact="partners"),
    })
    assert individual.index("name") < individual.index("name_kana") < individual.index("area") \
        < individual.index("goals=1") < individual.index("activities") < individual.index("visibility_listing") \
        < individual.index("consent=y") < individual.index("submit"), "focus follows the form's reading order"
    page.get_by_text("申し込むには利用目的への同意が必要です。").wait_for()  # consent was forgotten
    expect(page.locator("#consent")).to_be_focused()  # the page opens on the field in error
    assert key_of(keys.focused()) == "consent=y"
    keys.press("Space")
    keys.tab_to(lambda stop: stop["id"] == "submit", limit=3)
    keys.enter()
    page.get_by_text("申込を受け付けました").wait_for()
    assert page.get_by_text("パートナー講座に出席すると、個人パートナーに認定されます").is_visible()

    keys.tab_to(lambda stop: stop["href"] == "/members/apply/group")
    keys.enter()
    page.wait_for_url("**/members/apply/group")
    group = keys.fill_form({
        "name": ("type", "NPO法人 みどりの森"), "name_kana": ("type", "みどりのもり"),
        "group_type": ("select", "NPO・市民団体"), "representative": ("type", "筑波 花子"),
        "area": ("select", "大穂"), "goals=15": ("check",), "email": ("type", "midori@example.jp"),
        "postal_code": ("type", "305-0031"), "address": ("shows", "茨城県つくば市吾妻"),  # filled by postal.js
        **visibility(contact="public"), "consent=y": ("check",),
    })
    assert group.index("postal_code") < group.index("lookup") < group.index("address") < group.index("website")
    page.get_by_text("申込を受け付けました").wait_for()
    assert page.get_by_text("事務局が申込内容を確認しています").is_visible()

    assert keys.unseen == set(), "focus not visible at:\n" + "\n".join(sorted(keys.unseen))
    with app.app_context():
        applied = {p.kind.value: p for p in db.session.scalars(
            select(Partner).where(Partner.contacts.any(user_id=person.id)))}
        assert applied["individual"].status == "applied" and applied["group"].status == "applied"
        assert applied["individual"].name_kana == "ツクバ ハナコ" and applied["individual"].area == "筑波"
        assert sorted(applied["individual"].goals) == [11, 13]
        assert applied["individual"].visibility_contact == "partners"
        assert applied["group"].group_type == "NPO・市民団体" and applied["group"].address == "茨城県つくば市吾妻"
