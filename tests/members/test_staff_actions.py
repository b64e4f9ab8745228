"""Staff actions on a partner's record: which are offered, how they are labelled, and a missing reason."""

import re

from partners.accounts.models import Role
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus
from tests.factories import gen_partner, gen_user


def staff_signed_in(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")


def act(browser, partner, action, reason="確認しました", **kwargs):
    return browser.submit(f"/staff/partners/{partner.id}", {"action": action, "reason": reason},
                          action=f"/staff/partners/{partner.id}/status", **kwargs)


def status_of(app, partner) -> PartnerStatus:
    with app.app_context():
        return db.session.get(Partner, partner.id).status


def action_headings(browser, partner) -> list[str]:
    html = browser.client.get(f"/staff/partners/{partner.id}").get_data(as_text=True)
    return re.findall(r"<h3>([^<]+)</h3>", html)


def test_an_individual_can_be_sent_back_for_changes_and_resubmit(app, browser, outbox):
    citizen = gen_user(app, email="citizen@example.jp")
    person = gen_partner(app, status="applied", owner=citizen)
    outbox.deliver()
    staff_signed_in(app, browser)
    assert "差し戻す" in action_headings(browser, person)
    act(browser, person, "request_changes", "活動内容を具体的に書いてください", follow_redirects=True)
    assert status_of(app, person) == PartnerStatus.CHANGES_REQUESTED
    mail = outbox.deliver_one(to="citizen@example.jp")
    assert "活動内容を具体的に書いてください" in mail.get_body(preferencelist=("plain",)).get_content()


def test_withdraw_is_not_offered_on_a_pending_application(app, browser):
    applied = gen_partner(app, status="applied", name="申込中", name_kana="モウシコミチュウ")
    sent_back = gen_partner(app, kind="group", status="changes_requested", name="差戻し", name_kana="サシモドシ")
    staff_signed_in(app, browser)
    for partner in (applied, sent_back):
        headings = action_headings(browser, partner)
        assert "却下する" in headings
        assert not any("退会" in heading for heading in headings)
        html = act(browser, partner, "withdraw", follow_redirects=True).get_data(as_text=True)
        assert "この操作はできません" in html
    assert status_of(app, applied) == PartnerStatus.APPLIED
    assert status_of(app, sent_back) == PartnerStatus.CHANGES_REQUESTED
    active = gen_partner(app, name="会員", name_kana="カイイン")
    assert "退会させる（個人情報を削除）" in action_headings(browser, active)


def test_certifying_an_individual_and_approving_a_group_read_the_same(app, browser):
    person = gen_partner(app, status="applied")
    group = gen_partner(app, kind="group", status="applied", name="団体", name_kana="ダンタイ")
    staff_signed_in(app, browser)
    assert action_headings(browser, person)[0] == action_headings(browser, group)[0] == "パートナーに認定する"
    act(browser, group, "approve")
    assert status_of(app, group) == PartnerStatus.ACTIVE


def test_a_missing_reason_is_shown_at_that_action_with_an_alert_at_the_top(app, browser):
    group = gen_partner(app, kind="group", status="applied", name="団体", name_kana="ダンタイ")
    staff_signed_in(app, browser)
    response = act(browser, group, "reject", reason="")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    alert = html.split('class="flashes" role="alert"')[1].split("</div>")[0]
    assert "変更していません" in alert
    reject = html.split('<textarea id="reason-reject"')[1].split(">")[0]
    assert 'aria-invalid="true"' in reject and 'aria-describedby="reason-reject-error"' in reject
    assert "autofocus" in reject
    assert '<p class="error" id="reason-reject-error">理由を入力してください。</p>' in html
    approve = html.split('<textarea id="reason-approve"')[1].split(">")[0]
    assert "aria-invalid" not in approve and "autofocus" not in approve
    assert status_of(app, group) == PartnerStatus.APPLIED
