"""English is complete: a person who chose English reads no Japanese on any page, whatever their role, except
what people typed (names, readings) and the Japanese examples the English text itself shows (e.g. the reading
hint ツクバ ハナコ, or 日本語 in the language switch). Every page without an argument is visited, today's and
every one added later, plus the pages of a partner record."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from partners.accounts.models import Role
from tests.conftest import Browser
from tests.factories import gen_partner, gen_user

ROOT = Path(__file__).resolve().parents[2]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]+")
READINGS = ("グリーンフォレスト", "モリ タロウ")  # the only Japanese the test data has: readings are katakana
ROLES = {"visitor": None, "citizen": (), "owner": (), "staff": (Role.STAFF,), "admin": (Role.ADMIN,),
         "judge": (Role.JUDGE,)}


def japanese_in_the_english_text() -> set[str]:
    """Japanese that the English messages themselves contain (examples, the name of the language)."""
    with open(ROOT / "partners/translations/ja/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    found = {"日本語"}
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            found.update(JAPANESE.findall(msgid or ""))
    return found


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes shown or read out. Not what is data rather
    than wording: a field's content (a survey's default answers are Japanese for the partners who answer) and
    <code> (a CSV file's Japanese column names are part of its format)."""

    SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
    NOT_WORDING = {"script", "style", "textarea", "code"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.NOT_WORDING:
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in self.NOT_WORDING:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def japanese_on(html: str) -> set[str]:
    reader = VisibleText()
    reader.feed(html)
    return {run for part in reader.parts for run in JAPANESE.findall(part)}


def pages_without_arguments(app) -> list[str]:
    """Every GET page whose path takes no argument, except downloads (their names end in .csv, .xml …)."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
                  and "." not in rule.rule.rsplit("/", 1)[-1])


@pytest.mark.parametrize("role", ROLES)
def test_an_english_reader_sees_no_japanese_but_what_people_typed(app, role):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    owner = gen_user(app, email="owner@example.jp", name="Taro Mori", locale="en")
    group = gen_partner(app, kind="group", owner=owner, name="Green Forest", name_kana=READINGS[0], area="桜",
                        group_type="NPO・市民団体", representative="Taro Mori", activities="Forest walks")
    gen_partner(app, owner=owner, name="Taro Mori", name_kana=READINGS[1], area="茎崎")
    gen_partner(app, kind="group", status="applied", name="Food Loss Net", name_kana=READINGS[0], area="大穂")
    reader = Browser(app.test_client())
    reader.client.set_cookie("locale", "en")
    paths = pages_without_arguments(app)
    if role == "owner":
        reader.login("owner@example.jp")
        paths += [f"/members/{group.id}/edit", f"/members/{group.id}/certificate", f"/members/{group.id}/contacts"]
    elif ROLES[role] is not None:
        gen_user(app, email=f"{role}@example.jp", name="Hana Example", roles=ROLES[role], locale="en")
        reader.login(f"{role}@example.jp")
        paths += ["/members/apply/individual", "/members/apply/group", f"/staff/partners/{group.id}"]
    allowed = japanese_in_the_english_text() | set(READINGS) | {reading.split()[0] for reading in READINGS} | {
        reading.split()[-1] for reading in READINGS}

    shown, untranslated = 0, {}
    for path in paths:
        with reader.client.get(path, headers={"Accept-Language": "en"}) as response:
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
        shown += 1
        assert '<html lang="en">' in html, path
        leftover = japanese_on(html) - allowed
        if leftover:
            untranslated[path] = sorted(leftover)
    assert shown >= 10
    assert untranslated == {}, untranslated
