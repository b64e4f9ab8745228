"""After login the home page says what to do next, from the person's partner state; the apply buttons on
会員情報 go once the person has an individual application or membership."""

import pytest
from sqlalchemy import event

from partners.accounts.models import User
from partners.extensions import db
from partners.members.next_step import Step, next_steps
from tests.factories import gen_partner, gen_user

APPLY_INDIVIDUAL = 'href="/members/apply/individual"'
APPLY_GROUP = 'href="/members/apply/group"'


def home_of(app, browser, email="hana@example.jp") -> str:
    browser.login(email)
    return browser.client.get("/").get_data(as_text=True)


def test_a_person_without_an_application_is_asked_to_apply(app, browser):
    gen_user(app, email="hana@example.jp")
    html = home_of(app, browser)
    assert "次にすること" in html and "パートナーに申し込んで" in html
    assert APPLY_INDIVIDUAL in html and APPLY_GROUP in html


def test_an_individual_applicant_is_told_to_attend_a_lecture(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    gen_partner(app, status="applied", owner=owner)
    html = home_of(app, browser)
    assert "パートナー講座に出席すると、パートナーとして認定され" in html
    assert APPLY_INDIVIDUAL not in html


def test_a_group_applicant_is_told_the_office_reviews_it(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    gen_partner(app, kind="group", status="applied", owner=owner, name="みどりの会", name_kana="ミドリノカイ")
    assert "「みどりの会」のお申込みは、事務局で審査中です" in home_of(app, browser)


def test_changes_requested_links_to_the_edit_form(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    partner = gen_partner(app, kind="group", status="changes_requested", owner=owner, name="みどりの会",
                          name_kana="ミドリノカイ")
    html = home_of(app, browser)
    assert "修正のお願いがあります" in html
    assert f'href="/members/{partner.id}/edit"' in html


def test_a_rejected_applicant_finds_the_reason_on_my_membership_and_may_apply_again(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    gen_partner(app, status="rejected", owner=owner)
    html = home_of(app, browser)
    assert "承認されませんでした" in html and 'href="/members/mine"' in html
    assert APPLY_INDIVIDUAL in html


def test_an_active_partner_sees_the_member_number_and_the_certificate(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    partner = gen_partner(app, owner=owner)
    html = home_of(app, browser)
    assert "会員番号は I-00001 です" in html
    assert f'href="/members/{partner.id}/certificate"' in html
    assert APPLY_INDIVIDUAL not in html


def test_a_suspended_partner_is_told_to_contact_the_office(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    gen_partner(app, status="suspended", owner=owner)
    assert "一時停止中です。事務局までお問い合わせください" in home_of(app, browser)


def test_next_steps_read_in_english(app, browser):
    owner = gen_user(app, email="hana@example.jp", locale="en")
    gen_partner(app, owner=owner)
    assert "You are a partner. Your member number is I-00001." in home_of(app, browser)


def test_a_visitor_gets_no_next_steps(client):
    html = client.get("/").get_data(as_text=True)
    assert "次にすること" not in html and APPLY_INDIVIDUAL not in html


@pytest.mark.parametrize("partners", [0, 4])
def test_next_steps_take_one_query(app, partners):
    owner = gen_user(app, email="hana@example.jp")
    for index in range(partners):
        gen_partner(app, kind="group", owner=owner, name=f"団体{index}", name_kana="ダンタイ")
    statements = []

    def count(_connection, _cursor, statement, *_args):
        statements.append(statement)

    with app.test_request_context():
        user = db.session.get(User, owner.id)
        event.listen(db.engine, "before_cursor_execute", count)
        steps = next_steps(user)
        shown = [(step.partner.name, step.partner.member_no, step.partner.status) for step in steps if step.partner]
        event.remove(db.engine, "before_cursor_execute", count)
    assert [step.step for step in steps] == ([Step.MEMBER] * partners if partners else [Step.APPLY])
    assert len(shown) == partners
    assert len(statements) == 1, statements


def test_my_membership_hides_the_individual_apply_button_once_applied(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    before = browser.client.get("/members/mine").get_data(as_text=True)
    assert APPLY_INDIVIDUAL in before and APPLY_GROUP in before
    gen_partner(app, status="applied", owner=owner)
    after = browser.client.get("/members/mine").get_data(as_text=True)
    assert APPLY_INDIVIDUAL not in after
    assert APPLY_GROUP in after, "a person may manage several groups"


def test_my_membership_offers_the_individual_application_again_after_a_rejection(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    gen_partner(app, status="rejected", owner=owner)
    browser.login("hana@example.jp")
    assert APPLY_INDIVIDUAL in browser.client.get("/members/mine").get_data(as_text=True)
