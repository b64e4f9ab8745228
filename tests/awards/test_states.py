"""What each state of a round allows is enforced by the services behind every route, not only hidden: the call
closes only after its deadline, judging starts only when every application is screened, applicants change
nothing once the call is closed, staff change an application afterwards only with a reason (logged), and a
decided round takes no second decision."""

from sqlalchemy import select

from partners.awards.models import AwardApplication, JudgingLogEntry
from partners.extensions import db
from tests.awards.factories import advance, gen_application, gen_round, gen_staff, screen_all
from tests.factories import gen_partner, gen_user
from tests.members.test_withdraw import every_text_value


def test_the_call_closes_only_after_its_deadline_and_judging_waits_for_screening(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    gen_application(app, round_)
    browser.login("staff@example.jp")
    page = f"/staff/awards/{round_.id}"
    closed_early = browser.submit(page, {}, action=f"{page}/close", follow_redirects=True)
    assert "締切を過ぎるまで募集を締め切ることはできません" in closed_early.get_data(as_text=True)
    advance(app, round_.id, staff, "closed")
    refused = browser.submit(page, {}, action=f"{page}/start-judging", follow_redirects=True)
    assert "審査を始める前に" in refused.get_data(as_text=True)
    assert browser.client.get(f"/staff/awards/{round_.id}/decide").status_code == 404
    assert browser.client.get(f"/staff/awards/{round_.id}/edit").status_code == 404


def test_applicants_change_nothing_after_the_deadline_and_staff_change_with_a_reason(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    gen_user(app, email="hanako@example.jp", name="筑波 花子")
    application = gen_application(app, round_, applicant=gen_user(app, email="taro@example.jp"))
    advance(app, round_.id, staff, "closed")
    browser.login("taro@example.jp")
    page = f"/awards/applications/{application.id}"
    assert "締切を過ぎたため" in browser.client.get(page).get_data(as_text=True)
    withdrawn = browser.submit(page, {}, action=f"{page}/withdraw", follow_redirects=True)
    assert "締切を過ぎたため" in withdrawn.get_data(as_text=True)
    browser.logout()
    browser.login("staff@example.jp")
    amend = f"/staff/awards/applications/{application.id}/amend"
    form = {"title": "多国籍子育てサロン（改題）", "category": str(round_.categories[0].id), "summary": "概要",
            "description": "内容", "goals": ["4"], "group_name": "多文化ママの会", "contact_name": "応募 太郎",
            "contact_email": "taro@example.jp", "contact_phone": "", "publish_name": "y"}
    without_reason = browser.submit(amend, form)
    assert without_reason.status_code == 200 and "入力してください" in without_reason.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(AwardApplication, application.id).title == "多国籍子育てサロン"
    browser.submit(amend, form | {"reason": "応募者から電話で題名の訂正依頼"})
    with app.app_context():
        assert db.session.get(AwardApplication, application.id).title == "多国籍子育てサロン（改題）"
        entry = db.session.scalar(select(JudgingLogEntry).where(JudgingLogEntry.action == "application.amend"))
        assert "title" in entry.detail and "題名の訂正依頼" in entry.detail


def test_a_withdrawn_group_partner_takes_its_application_text_with_it(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    owner = gen_user(app, email="owner@example.jp", name="森 太郎")
    group = gen_partner(app, kind="group", owner=owner, name="つくば里山の会", name_kana="ツクバサトヤマノカイ",
                        email="satoyama@example.jp")
    application = gen_application(app, round_, applicant=owner, partner_id=group.id, group_name="つくば里山の会",
                                  title="里山の手入れ")
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    with app.app_context():
        assert db.session.get(AwardApplication, application.id).partner_id == group.id
    browser.login("owner@example.jp")
    browser.submit(f"/members/{group.id}/withdraw", {"reason": "解散のため", "confirm": "y"})
    stored = every_text_value(app)
    assert [text for text in ("つくば里山の会", "satoyama@example.jp", "里山の手入れ") if text in stored] == []
    with app.app_context():
        erased = db.session.get(AwardApplication, application.id)
        assert erased.status == "eligible" and erased.partner_id is None and erased.anonymised_at is not None


def test_the_applicant_learns_the_screening_only_at_publication(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    application = gen_application(app, round_, applicant=gen_user(app, email="taro@example.jp"))
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff, ineligible={application.id: "市外での活動のため"})
    browser.login("taro@example.jp")
    for page in ("/awards/mine", f"/awards/applications/{application.id}"):
        html = browser.client.get(page).get_data(as_text=True)
        assert "提出済み" in html and "審査対象外" not in html and "市外での活動のため" not in html
