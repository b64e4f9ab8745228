"""Values an attacker or a careless person sends that once gave a 500: huge ids and page numbers, dates at the
ends of the calendar, query arguments that rewrote links, member numbers that overflowed the counter."""

import html
import re

import pytest
from sqlalchemy import select

from partners.accounts.models import Role
from partners.core.timeutil import latest_date
from partners.extensions import db
from partners.members.models import MemberNumberCounter, Partner
from tests.factories import gen_partner, gen_user
from tests.members import test_csv_import
from tests.members.test_csv_import import HANAKO, csv_file, row

run_import = test_csv_import.run_import  # the CSV tests' fixture: through the command line and the upload page


@pytest.fixture
def staff(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,), locale="en")
    browser.login("staff@example.jp")
    return browser


@pytest.mark.parametrize("partner_id", [2**63, 2**64, 2**31, 0])
def test_ids_beyond_the_database_range_are_not_found(app, staff, partner_id):
    assert staff.client.get(f"/staff/partners/{partner_id}").status_code == 404
    assert staff.client.get(f"/members/{partner_id}/edit").status_code == 404


def test_the_largest_id_the_database_holds_is_looked_up(app, staff):
    assert staff.client.get(f"/staff/partners/{2**31 - 1}").status_code == 404
    partner = gen_partner(app)
    assert staff.client.get(f"/staff/partners/{partner.id}").status_code == 200


def test_a_huge_page_number_shows_the_first_page(app, staff):
    gen_partner(app)
    response = staff.client.get("/staff/partners", query_string={"page": "9223372036854775807"})
    assert response.status_code == 200
    assert "筑波 花子" in response.get_data(as_text=True)


def test_pagination_links_carry_only_the_list_filters(app, staff):
    app.config["STAFF_PAGE_SIZE"] = 1
    gen_partner(app, name="筑波 花子", name_kana="ツクバ ハナコ")
    gen_partner(app, name="谷田部 次郎", name_kana="ヤタベ ジロウ")
    hostile = {"status": "active", "endpoint": "x", "_method": "POST", "_scheme": "javascript", "_anchor": "x",
               "_external": "1", "evil": "1"}
    response = staff.client.get("/staff/partners", query_string=hostile)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    links = [html.unescape(href) for href in re.findall(r'href="(/staff/partners\?[^"]*)"', page)]
    assert links == ["/staff/partners?status=active&page=2"]
    assert 'name="evil"' not in page and 'name="endpoint"' not in page and 'name="_scheme"' not in page


def test_counts_as_of_a_date_outside_the_sane_range_are_refused(app, staff):
    gen_partner(app)
    for day in ("9999-12-31", "0001-01-01"):
        response = staff.client.get("/staff/partners", query_string={"on": day})
        assert response.status_code == 200
        assert f"Enter a date between 1900-01-01 and {latest_date_text(app)}." in response.get_data(as_text=True)


def test_join_date_filters_outside_the_sane_range_are_ignored(app, staff):
    gen_partner(app)
    response = staff.client.get("/staff/partners", query_string={"joined_from": "0001-01-01",
                                                                 "joined_to": "9999-12-31"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.get_data(as_text=True)


def test_the_date_message_reads_naturally_in_japanese(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,), locale="ja")
    browser.login("staff@example.jp")
    page = browser.client.get("/staff/partners", query_string={"on": "9999-12-31"}).get_data(as_text=True)
    assert f"日付は1900-01-01から{latest_date_text(app)}までの範囲で入力してください。" in page


@pytest.mark.parametrize("joined_on", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_join_dates_outside_the_sane_range_are_refused_by_the_import(app, run_import, joined_on):
    outcome = run_import(csv_file(row(HANAKO, joined_on=joined_on)))
    assert not outcome.ok
    expected = f"{outcome.line(2)}: 入会日: 日付は1900-01-01から{latest_date_text(app)}までの範囲で入力してください。"
    assert expected in outcome.text


def test_join_dates_at_the_ends_of_the_range_are_imported(app, run_import):
    assert run_import(csv_file(row(HANAKO, joined_on="1900-01-01"))).ok
    assert run_import(csv_file(row(HANAKO, email="b@example.jp", joined_on=latest_date_text(app)))).ok


@pytest.mark.parametrize("member_no", ["I-9223372036854775807", "I-12345678901234567890", "I-12345678", "I-42",
                                       "G-00001", "I-00000", "X-00001"])
def test_member_numbers_that_do_not_fit_the_pattern_are_refused(app, run_import, member_no):
    outcome = run_import(csv_file(row(HANAKO, member_no=member_no)))
    assert not outcome.ok
    assert (f"{outcome.line(2)}: 会員番号: 「{member_no}」は会員番号の形式（例：I-00001、数字は7桁まで）に"
            "合っていません。" in outcome.text)
    with app.app_context():
        assert db.session.scalar(select(MemberNumberCounter)) is None


def test_a_member_number_in_the_pattern_is_imported_and_the_counter_moves_past_it(app, run_import):
    assert run_import(csv_file(row(HANAKO, member_no="I-0000042"), row(HANAKO, member_no="I-00041",
                                                                          email="b@example.jp"))).ok is False
    assert run_import(csv_file(row(HANAKO, member_no="I-00042"))).ok
    assert run_import(csv_file(row(HANAKO, member_no="", email="next@example.jp"))).ok
    with app.app_context():
        assert set(db.session.scalars(select(Partner.member_no))) == {"I-00042", "I-00043"}


def latest_date_text(app) -> str:
    with app.app_context():
        return latest_date().isoformat()
