"""The staff list as a review queue: application dates in Tokyo time, sorting by them, and where a search hit."""

from datetime import UTC, datetime

from partners.accounts.models import Role
from partners.extensions import db
from partners.members.models import Partner
from tests.factories import gen_partner, gen_user


def staff_browser(app, browser, locale="ja"):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,), locale=locale)
    browser.login("staff@example.jp")
    return browser


def set_applied_at(app, partner, moment):
    with app.app_context():
        db.session.get(Partner, partner.id).applied_at = moment
        db.session.commit()


def order_of(html: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if f">{name}</a>" in html), key=lambda name: html.index(f">{name}</a>"))


def test_list_shows_the_application_date_in_tokyo_and_sorts_by_it(app, browser):
    early = gen_partner(app, kind="group", status="applied", name="早い団体", name_kana="ハヤイ")
    late = gen_partner(app, status="applied", name="遅い個人", name_kana="オソイ")
    middle = gen_partner(app, kind="group", status="applied", name="中の団体", name_kana="ナカ")
    set_applied_at(app, early, datetime(2024, 3, 31, 15, 30, tzinfo=UTC))  # 1 April 00:30 in Tokyo
    set_applied_at(app, middle, datetime(2024, 5, 1, 3, 0, tzinfo=UTC))
    set_applied_at(app, late, datetime(2024, 6, 1, 3, 0, tzinfo=UTC))
    staff_browser(app, browser)
    names = ["早い団体", "中の団体", "遅い個人"]
    newest = browser.client.get("/staff/partners", query_string={"sort": "applied_newest"}).get_data(as_text=True)
    assert "申込日" in newest and "2024/04/01" in newest and "2024/03/31" not in newest
    assert order_of(newest, names) == ["遅い個人", "中の団体", "早い団体"]
    oldest = browser.client.get("/staff/partners", query_string={"sort": "applied_oldest"}).get_data(as_text=True)
    assert order_of(oldest, names) == ["早い団体", "中の団体", "遅い個人"]


def matched(html: str, name: str) -> str:
    row = html.split(f">{name}</a>")[1].split("</td>")[0]
    return row.split("一致した項目：")[1].split("<")[0] if "一致した項目：" in row else ""


def test_search_hit_says_which_section_matched(app, browser):
    gen_partner(app, kind="group", name="森の学校", name_kana="モリノガッコウ", activities="里山で自然観察会",
                offers="森の案内")
    gen_partner(app, kind="group", name="里山クラブ", name_kana="サトヤマクラブ")
    gen_partner(app, kind="group", name="緑の会", name_kana="ミドリノカイ", website="https://satoyama.example.jp")
    staff_browser(app, browser)
    html = browser.client.get("/staff/partners", query_string={"q": "里山"}).get_data(as_text=True)
    assert matched(html, "森の学校") == "活動内容"
    assert matched(html, "里山クラブ") == "名前・フリガナ"
    html = browser.client.get("/staff/partners", query_string={"q": "森"}).get_data(as_text=True)
    assert matched(html, "森の学校") == "名前・フリガナ、できること・求めること"
    html = browser.client.get("/staff/partners", query_string={"q": "satoyama"}).get_data(as_text=True)
    assert matched(html, "緑の会") == "連絡先"
    assert "一致した項目" not in browser.client.get("/staff/partners").get_data(as_text=True)


def test_matched_sections_in_english(app, browser):
    gen_partner(app, kind="group", name="Mori School", name_kana="モリ", activities="Satoyama walks")
    staff_browser(app, browser, locale="en")
    html = browser.client.get("/staff/partners", query_string={"q": "satoyama"}).get_data(as_text=True)
    assert "Matched in: activities" in html
