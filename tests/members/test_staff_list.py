"""The staff member list: Japanese search rules, filters, 50音 order, paging, one query per page, counts."""

from datetime import date, timedelta

import pytest
from flask import request
from flask_login import current_user
from sqlalchemy import select

from partners.accounts.models import Role, User, UserSession
from partners.audit.models import AuditEntry
from partners.core.timeutil import start_of_local_day
from partners.extensions import db
from partners.members import lifecycle
from partners.members.models import Partner
from tests.conftest import POSTGRES_URL, Browser, count_queries, csrf_token
from tests.factories import gen_partner, gen_user


@pytest.fixture
def staff_browser(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    return browser


def names_listed(browser, **params) -> list[str]:
    html = browser.client.get("/staff/partners", query_string=params).get_data(as_text=True)
    return [name for name in ALL_NAMES if f">{name}</a>" in html and html.index(f">{name}</a>") >= 0]


ALL_NAMES = ["サステナブル工房", "筑波 花子", "森の学校", "食品ロス削減ネット", "Green Tsukuba", "谷田部 次郎"]


def sorted_names(browser, **params) -> list[str]:
    html = browser.client.get("/staff/partners", query_string=params).get_data(as_text=True)
    found = [(html.index(f">{name}</a>"), name) for name in ALL_NAMES if f">{name}</a>" in html]
    return [name for _position, name in sorted(found)]


@pytest.fixture
def partners(app):
    return {
        "sustainable": gen_partner(app, kind="group", name="サステナブル工房", name_kana="サステナブルコウボウ",
                                   area="桜", goals=(12,), group_type="企業"),
        "hanako": gen_partner(app, name="筑波 花子", name_kana="ツクバ ハナコ", area="筑波", goals=(4,)),
        "mori": gen_partner(app, kind="group", name="森の学校", name_kana="モリノガッコウ", area="筑波", goals=(15,),
                            group_type="教育機関", activities="里山で自然観察会"),
        "food": gen_partner(app, kind="group", name="食品ロス削減ネット", name_kana="ショクヒンロスサクゲンネット",
                            area="谷田部", goals=(2, 12), group_type="NPO・市民団体", status="applied"),
        "green": gen_partner(app, kind="group", name="Green Tsukuba", name_kana="グリーンツクバ", area="市外",
                             goals=(13,), group_type="企業"),
        "jiro": gen_partner(app, name="谷田部 次郎", name_kana="ヤタベ ジロウ", area="谷田部", goals=(3,),
                            status="suspended"),
    }


@pytest.mark.parametrize("query", ["ｻｽﾃﾅﾌﾞﾙ", "サステナブル", "さすてなぶる", "ＳＵＳＴ" if False else "ステナ"])
def test_search_folds_width_and_kana(staff_browser, partners, query):
    assert sorted_names(staff_browser, q=query) == ["サステナブル工房"]


def test_search_finds_by_reading(staff_browser, partners):
    assert sorted_names(staff_browser, q="つくば") == ["Green Tsukuba", "筑波 花子"]


def test_one_and_two_character_queries_match(staff_browser, partners):
    assert sorted_names(staff_browser, q="森") == ["森の学校"]
    assert sorted_names(staff_browser, q="食品") == ["食品ロス削減ネット"]
    assert sorted_names(staff_browser, q="里山") == ["森の学校"]


def test_search_ignores_case_and_finds_member_numbers(staff_browser, partners):
    assert sorted_names(staff_browser, q="green") == ["Green Tsukuba"]
    number = partners["hanako"].member_no
    assert sorted_names(staff_browser, q=number.lower()) == ["筑波 花子"]


def test_longer_query_needs_the_whole_phrase(staff_browser, partners):
    assert sorted_names(staff_browser, q="自然観察会") == ["森の学校"]
    assert sorted_names(staff_browser, q="観察自然") == []


def test_search_treats_like_wildcards_as_text(staff_browser, partners):
    assert sorted_names(staff_browser, q="%") == []
    assert sorted_names(staff_browser, q="_") == []


def test_filters_combine(staff_browser, partners):
    assert sorted_names(staff_browser, kind="group", area="筑波") == ["森の学校"]
    assert sorted_names(staff_browser, goal="12") == ["サステナブル工房", "食品ロス削減ネット"]
    assert sorted_names(staff_browser, status="suspended") == ["谷田部 次郎"]
    assert sorted_names(staff_browser, group_type="企業") == ["Green Tsukuba", "サステナブル工房"]


def test_list_sorts_by_reading_in_50on_order(staff_browser, partners):
    assert sorted_names(staff_browser) == [
        "Green Tsukuba", "サステナブル工房", "食品ロス削減ネット", "筑波 花子", "森の学校", "谷田部 次郎",
    ]


def test_joined_between_and_sort_by_join_date(app, staff_browser, partners):
    with app.app_context():
        for key, joined in [("hanako", date(2020, 4, 1)), ("mori", date(2023, 6, 1))]:
            db.session.get(Partner, partners[key].id).joined_on = joined
        db.session.commit()
    assert sorted_names(staff_browser, joined_from="2020-01-01", joined_to="2023-12-31", sort="joined") == [
        "森の学校", "筑波 花子",
    ]


def test_bad_filter_values_are_ignored_with_a_message(staff_browser, partners):
    response = staff_browser.client.get("/staff/partners", query_string={"joined_from": "yesterday", "kind": "x"})
    assert response.status_code == 200
    assert "解釈できない絞り込み条件" in response.get_data(as_text=True)


def test_list_pages_through_results(app, staff_browser):
    app.config["STAFF_PAGE_SIZE"] = 2
    for index in range(5):
        gen_partner(app, name=f"会員{index}", name_kana=f"カイイン{index}")
    first = staff_browser.client.get("/staff/partners").get_data(as_text=True)
    assert "3ページ中1ページ" in first and "会員0" in first and "会員2" not in first
    third = staff_browser.client.get("/staff/partners", query_string={"page": 3}).get_data(as_text=True)
    assert "会員4" in third and "会員0" not in third


def test_list_page_query_count_does_not_grow_with_rows(app, staff_browser):
    gen_partner(app, name="一人目", name_kana="ヒトリメ")
    few = count_queries(app, staff_browser.client, "/staff/partners?q=ヒ")
    for index in range(12):
        gen_partner(app, kind="group", name=f"団体{index}", name_kana=f"ダンタイ{index}", goals=(1, 2, 3))
    many = count_queries(app, staff_browser.client, "/staff/partners?q=ダ")
    assert many == few


def test_a_kept_row_shows_a_new_status_name_or_language_on_the_next_request(app, staff_browser):
    """Rows are kept rendered (partners/core/fragments.py), keyed by what they show."""
    partner = gen_partner(app, name="一人目", name_kana="ヒトリメ")
    assert "有効" in row_of(staff_browser, "一人目")
    with app.app_context():
        changed = db.session.get(Partner, partner.id)
        lifecycle.suspend(changed, None, "test")
        changed.name = "改名後"
        db.session.commit()
    row = row_of(staff_browser, "改名後")
    assert "休止" in row and "有効" not in row
    staff_browser.choose_language("en")
    assert "suspended" in row_of(staff_browser, "改名後")


def row_of(browser, name: str) -> str:
    html = browser.client.get("/staff/partners").get_data(as_text=True)
    return html[html.rindex("<tr>", 0, html.index(f">{name}</a>")):].split("</tr>")[0]


def test_counts_of_active_partners_as_of_a_date(app, staff_browser):
    person = gen_partner(app, name="個人", name_kana="コジン")
    gen_partner(app, kind="group", name="団体", name_kana="ダンタイ")
    gen_partner(app, kind="group", name="申請中", name_kana="シンセイチュウ", status="applied")
    with app.app_context():
        partner = db.session.get(Partner, person.id)
        partner.joined_on = date(2024, 4, 1)
        for change in partner.status_changes:
            change.at = start_of_local_day(date(2024, 4, 1))
        lifecycle.suspend(partner, None, "test")
        partner.status_changes[-1].at = start_of_local_day(date(2025, 1, 10))
        db.session.commit()

    def counts(on):
        html = staff_browser.client.get("/staff/partners", query_string={"on": on}).get_data(as_text=True)
        individual = html.split("有効な個人パートナー<br><strong>")[1].split("<")[0]
        group = html.split("有効な団体パートナー<br><strong>")[1].split("<")[0]
        return int(individual), int(group)

    assert counts("2024-03-31") == (0, 0)
    assert counts("2024-04-01") == (1, 0)
    assert counts("2025-01-09") == (1, 0)
    assert counts("2025-01-10") == (0, 0)
    assert counts((date.today() + timedelta(days=1)).isoformat()) == (0, 1)


def test_status_history_is_kept_in_order(app, partners):
    with app.app_context():
        changes = db.session.get(Partner, partners["jiro"].id).status_changes
        assert [c.to_status for c in changes] == ["applied", "active", "suspended"]


def list_views(app) -> list[tuple[int | None, str]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(AuditEntry.actor_id, AuditEntry.detail).where(AuditEntry.action == "partner.list")
            .order_by(AuditEntry.id))]


def test_every_look_at_the_list_is_audited_with_who_and_which_page(app, staff_browser, partners):
    with app.app_context():
        staff_id = db.session.scalar(select(User.id).where(User.email == "staff@example.jp"))
    for query in ({}, {}, {"page": 2}, {"kind": "group"}, {"page": "二"}):
        assert staff_browser.client.get("/staff/partners", query_string=query).status_code == 200
    assert list_views(app) == [(staff_id, "page=1"), (staff_id, "page=1"), (staff_id, "page=2"), (staff_id, "page=1"),
                               (staff_id, "page=1")]


def test_an_administrators_look_at_the_list_is_audited_too(app, browser, partners):
    admin = gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,))
    browser.login("admin@example.jp")
    assert browser.client.get("/staff/partners").status_code == 200
    assert list_views(app) == [(admin.id, "page=1")]


def test_only_staff_see_the_list_and_nothing_is_audited_for_others(app, browser, partners):
    assert browser.client.get("/staff/partners").status_code == 302
    gen_user(app, email="member@example.jp")
    browser.login("member@example.jp")
    assert browser.client.get("/staff/partners").status_code == 403
    gen_user(app, email="judge@example.jp", roles=(Role.JUDGE,))
    browser.logout()
    browser.login("judge@example.jp")
    assert browser.client.get("/staff/partners").status_code == 403
    assert list_views(app) == []


def test_a_session_ended_elsewhere_sees_no_list_and_leaves_no_entry(app, staff_browser, partners):
    with app.app_context():
        db.session.execute(UserSession.__table__.delete())
        db.session.commit()
    response = staff_browser.client.get("/staff/partners?page=2")
    assert response.status_code == 302 and "/accounts/login" in response.location
    assert list_views(app) == []


def test_a_look_is_audited_once_when_the_person_was_read_before_the_page_was_reached(app, make_app, partners):
    """The entry is written with the person's read only when the page announced it first; a person read earlier
    in the request (here by a hook of another app) has the entry written on its own, once."""
    def read_the_person() -> None:
        assert current_user.is_authenticated or request.endpoint != "staff_members.index"

    early = make_app()
    early.before_request(read_the_person)
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser = Browser(early.test_client())
    browser.login("staff@example.jp")
    assert browser.client.get("/staff/partners?page=3").status_code == 200
    assert [detail for _actor, detail in list_views(app)] == ["page=3"]


def test_the_list_asked_for_again_costs_the_signed_in_session_and_the_audit_entry_only(app, staff_browser, partners):
    """Kept under the lists' version, which the audit entry's statement reads: no search, no count, no other read.
    On PostgreSQL the person's read writes the entry too (one statement); SQLite cannot write inside a read."""
    for query in ("", "?kind=group&page=1"):
        staff_browser.client.get(f"/staff/partners{query}")
        assert count_queries(app, staff_browser.client, f"/staff/partners{query}") == (1 if POSTGRES_URL else 2)


def test_arguments_the_list_does_not_know_change_nothing(staff_browser, partners):
    assert sorted_names(staff_browser, utm_source="mail") == sorted_names(staff_browser)


def test_after_a_change_a_list_not_kept_yet_is_searched_once(app, staff_browser, partners):
    """The page is drawn under the version the server read last; a change makes that version outdated, and the
    list must then be searched under the version now, not in vain under the old one first."""
    client = staff_browser.client
    client.get("/staff/partners")
    gen_partner(app, kind="group", name="新しい団体", name_kana="アタラシイダンタイ")
    after_a_change = count_queries(app, client, "/staff/partners?kind=group")
    assert "新しい団体" in client.get("/staff/partners?kind=group").get_data(as_text=True)
    without_a_change = count_queries(app, client, "/staff/partners?kind=individual")
    assert after_a_change == without_a_change


def test_staff_share_the_kept_list_page_each_with_their_own_form_token(app, partners):
    """The page around the results is kept once for everyone with the same roles (page_for_roles); the form
    tokens in it are each person's own, so each can log out with the page they were given."""
    pages = {}
    for email, roles in (("first@example.jp", (Role.STAFF,)), ("second@example.jp", (Role.STAFF,)),
                         ("admin@example.jp", (Role.ADMIN,))):
        gen_user(app, email=email, roles=roles)
        person = Browser(app.test_client())
        person.login(email)
        person.client.get("/staff/partners")  # the first page after logging in gives the session a form token
        pages[email] = (person, person.client.get("/staff/partners").get_data(as_text=True))
    first, second, admin = (html for _person, html in pages.values())
    assert "森の学校" in first and "森の学校" in second
    assert "form-token-" not in first + second + admin
    assert csrf_token(first) != csrf_token(second)
    assert "/admin/users" in admin and "/admin/users" not in first + second  # the menu of their own roles
    for person, html in pages.values():
        assert person.client.post("/accounts/logout", data={"csrf_token": csrf_token(html)}).status_code == 302
        assert person.client.get("/staff/partners").status_code == 302  # logged out: sent to the login page


def test_a_message_waiting_for_the_person_is_on_the_list_they_open(app, partners):
    """A kept page holds no message: one waiting for the person (here: logged in) has the page drawn afresh."""
    for email in ("first@example.jp", "second@example.jp"):
        gen_user(app, email=email, roles=(Role.STAFF,))
    first, second = Browser(app.test_client()), Browser(app.test_client())
    first.login("first@example.jp")
    for _ in range(2):
        assert "森の学校" in first.client.get("/staff/partners").get_data(as_text=True)
    second.login("second@example.jp")
    html = second.client.get("/staff/partners").get_data(as_text=True)
    assert "ログインしました。" in html and "森の学校" in html
    assert "ログインしました。" not in second.client.get("/staff/partners").get_data(as_text=True)


def test_a_message_for_the_person_is_shown_with_the_page_it_belongs_to_only(app, staff_browser, partners):
    """A page drawn with a message is not kept: served again from the store, it would leave the message waiting
    for whatever page comes next."""
    message = "解釈できない絞り込み条件があったため、無視しました。"
    for _ in range(2):
        assert message in staff_browser.client.get("/staff/partners?joined_from=2024-99-01").get_data(as_text=True)
    assert message not in staff_browser.client.get("/staff/partners").get_data(as_text=True)
