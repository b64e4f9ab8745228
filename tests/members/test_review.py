"""Staff review and status actions, as the city office uses them."""

from sqlalchemy import select

from partners.accounts.models import Role
from partners.audit.models import AuditEntry
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus
from tests.conftest import link_in
from tests.factories import gen_partner, gen_user


def staff_signed_in(app, browser):
    staff = gen_user(app, email="staff@example.jp", name="市職員 花子", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    return staff


def act(browser, partner, action, reason="確認しました"):
    return browser.submit(f"/staff/partners/{partner.id}", {"action": action, "reason": reason},
                          action=f"/staff/partners/{partner.id}/status", follow_redirects=True)


def reloaded(app, partner) -> Partner:
    with app.app_context():
        fresh = db.session.get(Partner, partner.id)
        _ = fresh.status_changes, fresh.goals
        db.session.expunge_all()
    return fresh


def test_staff_approve_a_group_which_gets_a_number_and_a_welcome_mail(app, browser, outbox):
    owner = gen_user(app, email="owner@example.jp", locale="en")
    group = gen_partner(app, kind="group", status="applied", owner=owner, name="株式会社みどり",
                        name_kana="カブシキガイシャミドリ")
    outbox.deliver()  # the acknowledgement of the application
    staff = staff_signed_in(app, browser)
    html = act(browser, group, "approve").get_data(as_text=True)
    assert "パートナーの状態を「有効」にしました" in html
    group = reloaded(app, group)
    assert group.status == PartnerStatus.ACTIVE and group.member_no == "G-00001"
    assert group.joined_on is not None
    last = group.status_changes[-1]
    assert (last.from_status, last.to_status, last.actor_id, last.reason) == (
        PartnerStatus.APPLIED, PartnerStatus.ACTIVE, staff.id, "確認しました")
    welcome = outbox.deliver_one(to="owner@example.jp")
    assert welcome["Subject"] == "[Tsukuba SDGs Partners] Your partner registration is complete"
    assert "G-00001" in welcome.get_body(preferencelist=("plain",)).get_content()
    assert f"/members/{group.id}/certificate" in link_in(welcome, "/certificate")


def test_rejected_application_shows_its_reason_to_the_applicant(app, browser, outbox):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", status="applied", owner=owner, name="団体A", name_kana="ダンタイエー")
    outbox.deliver()
    staff_signed_in(app, browser)
    act(browser, group, "reject", "市内での活動が確認できませんでした")
    mail = outbox.deliver_one(to="owner@example.jp")
    assert "市内での活動が確認できませんでした" in mail.get_body(preferencelist=("plain",)).get_content()
    browser.logout()
    browser.login("owner@example.jp")
    html = browser.client.get("/members/mine").get_data(as_text=True)
    assert "却下" in html and "市内での活動が確認できませんでした" in html


def test_send_back_then_resubmit_returns_to_review(app, browser, outbox):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", status="applied", owner=owner, name="団体B", name_kana="ダンタイビー",
                        representative="代表 一郎")
    outbox.deliver()
    staff_signed_in(app, browser)
    act(browser, group, "request_changes", "活動内容を詳しく書いてください")
    assert reloaded(app, group).status == PartnerStatus.CHANGES_REQUESTED
    assert "活動内容を詳しく書いてください" in outbox.deliver_one().get_body(
        preferencelist=("plain",)).get_content()
    browser.logout()

    browser.login("owner@example.jp")
    assert "活動内容を詳しく書いてください" in browser.client.get("/members/mine").get_data(as_text=True)
    form = {"name": "団体B", "name_kana": "ダンタイビー", "group_type": "企業", "representative": "代表 一郎",
            "area": "桜", "goals": ["12"], "activities": "リユース品の回収と販売",
            "visibility_listing": "public", "visibility_activities": "public",
            "visibility_offers_needs": "public", "visibility_contact": "partners"}
    browser.submit(f"/members/{group.id}/edit", form)
    group = reloaded(app, group)
    assert group.status == PartnerStatus.APPLIED
    assert group.activities == "リユース品の回収と販売"


def test_staff_certify_an_individual_by_hand_needs_a_reason(app, browser, outbox):
    citizen = gen_user(app, email="citizen@example.jp")
    person = gen_partner(app, status="applied", owner=citizen)
    outbox.deliver()
    staff_signed_in(app, browser)
    response = browser.submit(f"/staff/partners/{person.id}", {"action": "certify", "reason": ""},
                              action=f"/staff/partners/{person.id}/status")
    assert response.status_code == 400
    assert "理由を入力してください" in response.get_data(as_text=True)
    assert reloaded(app, person).status == PartnerStatus.APPLIED

    act(browser, person, "certify", "講座の欠席者向け個別説明を受講")
    person = reloaded(app, person)
    assert person.status == PartnerStatus.ACTIVE and person.member_no == "I-00001"
    welcome = outbox.deliver_one(to="citizen@example.jp")
    assert welcome["Subject"] == "【つくばSDGsパートナーズ】パートナー登録完了のお知らせ"


def test_suspend_and_reinstate_are_recorded_with_reasons(app, browser):
    person = gen_partner(app)
    staff_signed_in(app, browser)
    act(browser, person, "suspend", "連絡がつかないため")
    assert reloaded(app, person).status == PartnerStatus.SUSPENDED
    act(browser, person, "reinstate", "連絡が取れたため")
    person = reloaded(app, person)
    assert person.status == PartnerStatus.ACTIVE
    assert [c.reason for c in person.status_changes][-2:] == ["連絡がつかないため", "連絡が取れたため"]
    html = browser.client.get(f"/staff/partners/{person.id}").get_data(as_text=True)
    assert "連絡がつかないため" in html and "市職員 花子" in html


def test_an_action_the_status_does_not_allow_is_refused(app, browser):
    person = gen_partner(app)
    staff_signed_in(app, browser)
    html = act(browser, person, "approve").get_data(as_text=True)
    assert "この操作はできません" in html
    assert reloaded(app, person).status == PartnerStatus.ACTIVE


def test_member_numbers_are_never_reused(app, browser):
    first = gen_partner(app)
    staff_signed_in(app, browser)
    act(browser, first, "withdraw", "本人希望")
    second = gen_partner(app, name="二人目", name_kana="フタリメ")
    assert second.member_no == "I-00002"


def test_staff_pages_need_the_staff_role(app, browser):
    person = gen_partner(app)
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")
    assert browser.client.get("/staff/partners").status_code == 403
    assert browser.client.get(f"/staff/partners/{person.id}").status_code == 403
    response = browser.submit("/members/mine", {"action": "suspend", "reason": "x"},
                              action=f"/staff/partners/{person.id}/status")
    assert response.status_code == 403
    assert reloaded(app, person).status == PartnerStatus.ACTIVE
    browser.logout()
    assert browser.client.get("/staff/partners").status_code == 302


def test_staff_views_of_personal_data_are_audited(app, browser):
    person = gen_partner(app)
    staff = staff_signed_in(app, browser)

    def entries():
        with app.app_context():
            return db.session.execute(select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.target_id)).all()

    for page in (f"/staff/partners/{person.id}", f"/members/{person.id}/edit", "/staff/partners"):
        before = len(entries())
        browser.client.get(page)
        assert len(entries()) == before + 1, page
    act(browser, person, "suspend", "理由")
    assert (staff.id, "partner.view", person.id) in entries()
    assert (staff.id, "partner.suspend", person.id) in entries()
