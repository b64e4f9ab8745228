"""The decision freezes the results: a score reopened (or changed) afterwards does not move the decided figures,
and the results page says the current ones differ. Publishing mails every applicant their outcome exactly
once and shows the public winners page; staff export CSV and Excel."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from partners.awards.models import ApplicationStatus, AwardDecision, ScoreSheet
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.kpi.computed import COMPUTATIONS
from tests.awards.factories import (
    advance,
    assign,
    declare,
    gen_application,
    gen_judge,
    gen_round,
    gen_staff,
    score,
    screen_all,
)
from tests.awards.test_applications import png_bytes
from tests.factories import gen_user


@pytest.fixture
def scored(app, browser):
    """Three eligible applications scored by two judges, one ineligible, one withdrawn draft."""
    staff = gen_staff(app)
    round_ = gen_round(app, staff, tiers=(("大賞", 1), ("奨励賞", 1)))
    people = [gen_user(app, email=f"applicant{n}@example.jp", name=f"応募 {n}") for n in range(5)]
    titles = ["多国籍子育て支援", "コンポスト講座", "リユース食器", "対象外の取組"]
    applications = [gen_application(app, round_, applicant=people[n], title=title, group_name=f"団体{n}",
                                    publish_name=n != 1) for n, title in enumerate(titles)]
    gen_application(app, round_, applicant=people[4], submit=False, title="出さなかった下書き")
    browser.login("applicant0@example.jp")
    page = f"/awards/applications/{applications[0].id}"
    browser.submit(page, {"file": (io.BytesIO(png_bytes()), "photo.png", "image/png")}, action=f"{page}/attachments")
    browser.logout()
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff, ineligible={applications[3].id: "市外での活動のため"})
    judges = [gen_judge(app, "a@example.jp", "審査 A"), gen_judge(app, "b@example.jp", "審査 B")]
    for application in applications[:3]:
        for judge in judges:
            assign(app, application.id, judge, staff)
    advance(app, round_.id, staff, "judging")
    for judge in judges:
        declare(app, round_.id, judge)
    for application, values in zip(applications[:3], ([5, 4], [4, 4], [2, 3]), strict=True):
        for judge in judges:
            score(app, application.id, judge, values, comment=f"{application.title}への講評")
    return {"round": round_, "applications": applications, "staff": staff, "judges": judges, "people": people}


def decide(browser, scored) -> None:
    round_, applications = scored["round"], scored["applications"]
    tiers = {tier.name: tier.id for tier in round_.tiers}
    response = browser.submit(f"/staff/awards/{round_.id}/decide", {
        f"tier_{applications[0].id}": str(tiers["大賞"]),
        f"reason_{applications[0].id}": "外国出身の親子を地域につないだ",
        f"tier_{applications[1].id}": str(tiers["奨励賞"]), f"reason_{applications[1].id}": "家庭でできる実践",
        f"tier_{applications[2].id}": "0", f"reason_{applications[2].id}": ""})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_the_decision_snapshot_does_not_move_after_a_score_is_reopened(app, browser, scored):
    browser.login("staff@example.jp")
    decide(browser, scored)
    round_id = scored["round"].id
    with app.app_context():
        frozen = db.session.scalar(select(AwardDecision.snapshot))
        sheet_id = db.session.scalar(select(ScoreSheet.id).where(
            ScoreSheet.application_id == scored["applications"][0].id).order_by(ScoreSheet.id))
    before = browser.client.get(f"/staff/awards/{round_id}/results").get_data(as_text=True)
    assert "決定後に採点が変わりました" not in before
    page = f"/staff/awards/applications/{scored['applications'][0].id}"
    browser.submit(page, {f"reopen-{sheet_id}-reason": "記入漏れの申し出"},
                   action=f"/staff/awards/sheets/{sheet_id}/reopen")
    after = browser.client.get(f"/staff/awards/{round_id}/results").get_data(as_text=True)
    assert "決定後に採点が変わりました" in after and "決定後に変更あり" in after
    with app.app_context():
        assert db.session.scalar(select(AwardDecision.snapshot)) == frozen
    browser.logout()
    browser.login("a@example.jp")
    judge = scored["judges"][0]
    criteria = [c.id for c in scored["round"].criteria]
    with app.app_context():
        mine = db.session.get(ScoreSheet, sheet_id).judge_id == judge.id
    if mine:
        browser.submit(f"/judge/awards/applications/{scored['applications'][0].id}/score",
                       {f"criterion_{criteria[0]}": "1", f"criterion_{criteria[1]}": "1", "submit_scores": "y"})
    with app.app_context():
        assert db.session.scalar(select(AwardDecision.snapshot)) == frozen


def test_deciding_needs_a_reason_per_award_and_respects_the_tier_counts(app, browser, scored):
    browser.login("staff@example.jp")
    round_, applications = scored["round"], scored["applications"]
    grand = round_.tiers[0].id
    response = browser.submit(f"/staff/awards/{round_.id}/decide", {
        f"tier_{applications[0].id}": str(grand), f"reason_{applications[0].id}": "理由",
        f"tier_{applications[1].id}": str(grand), f"reason_{applications[1].id}": "理由"})
    assert response.status_code == 422 and "大賞は最大1件までです" in response.get_data(as_text=True)
    response = browser.submit(f"/staff/awards/{round_.id}/decide", {f"tier_{applications[0].id}": str(grand)})
    assert response.status_code == 422 and "授賞理由を入力してください" in response.get_data(as_text=True)


def test_publication_mails_each_applicant_exactly_once_and_shows_the_winners(app, browser, outbox, scored):
    outbox.deliver()
    browser.login("staff@example.jp")
    decide(browser, scored)
    round_id = scored["round"].id
    assert browser.client.get(f"/awards/{round_id}").get_data(as_text=True).count("外国出身の親子") == 0
    browser.submit(f"/staff/awards/{round_id}", {}, action=f"/staff/awards/{round_id}/publish")
    browser.submit(f"/staff/awards/{round_id}", {}, action=f"/staff/awards/{round_id}/publish")
    delivered = outbox.deliver()
    assert sorted(m["To"] for m in delivered) == [f"applicant{n}@example.jp" for n in range(4)]
    by_person = {m["To"]: m.get_body(preferencelist=("plain",)).get_content() for m in delivered}
    assert "大賞に選ばれました" in by_person["applicant0@example.jp"]
    assert "奨励賞に選ばれました" in by_person["applicant1@example.jp"]
    assert "今回は受賞となりませんでした" in by_person["applicant2@example.jp"]
    assert "市外での活動のため" in by_person["applicant3@example.jp"]
    assert outbox.deliver() == []
    with app.app_context():
        statuses = {a.id: db.session.get(type(a), a.id).status for a in scored["applications"]}
    assert list(statuses.values()) == [ApplicationStatus.AWARDED, ApplicationStatus.AWARDED,
                                       ApplicationStatus.NOT_AWARDED, ApplicationStatus.INELIGIBLE]

    browser.logout()
    public = browser.client.get(f"/awards/{round_id}").get_data(as_text=True)
    assert "多国籍子育て支援" in public and "コンポスト講座" in public and "リユース食器" not in public
    assert "団体0" in public and "団体1" not in public, "the name only where the applicant agreed"
    assert "先進性" in public, "the criteria used"
    first = scored["applications"][0].id
    photo = browser.client.get(f"/awards/{round_id}/winners/{first}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert browser.client.get(f"/awards/{round_id}/winners/{scored['applications'][2].id}/photo").status_code == 404
    assert "applicant0@example.jp" not in public


def test_exports_csv_for_excel_and_a_workbook_with_a_sheet_per_view(app, browser, scored):
    browser.login("staff@example.jp")
    decide(browser, scored)
    round_id = scored["round"].id
    response = browser.client.get(f"/staff/awards/{round_id}/applications.csv")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=award-2026-")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff応募番号,タイトル,部門")
    assert "先進性,波及効果,加重合計,コメント,賞,授賞理由" in text.splitlines()[0]
    assert "多国籍子育て支援への講評" in text and "外国出身の親子を地域につないだ" in text
    assert "審査 A" in text

    workbook = load_workbook(io.BytesIO(browser.client.get(f"/staff/awards/{round_id}/results.xlsx").get_data()))
    assert workbook.sheetnames == ["結果", "採点", "審査ログ"]
    results = workbook["結果"]
    assert results.freeze_panes == "A2"
    assert [cell.value for cell in results[1]][:3] == ["順位", "応募番号", "タイトル"]
    assert results.cell(2, 7).number_format == "0.000" and results.cell(2, 5).number_format == "0.00"
    assert results.cell(2, 5).value == 14, "mean weighted total (5×2 + 4) of the winner"
    assert results.cell(2, 11).value == "大賞"
    log = browser.client.get(f"/staff/awards/{round_id}/log.csv").get_data().decode("utf-8")
    assert log.startswith("\ufeff日時,操作,実施者") and "採点を提出" in log


def test_the_kpi_counts_submitted_applications_and_published_awards_of_the_fiscal_year(app, browser, scored):
    def counted() -> tuple:
        with app.app_context():
            today = local_today()
            return COMPUTATIONS["award_applications"](today), COMPUTATIONS["awards"](today)

    assert counted() == (4, 0)  # four submitted (the draft is not), nothing published yet
    browser.login("staff@example.jp")
    decide(browser, scored)
    assert counted() == (4, 0)  # decided is not yet public
    browser.submit(f"/staff/awards/{scored['round'].id}", {}, action=f"/staff/awards/{scored['round'].id}/publish")
    assert counted() == (4, 2)
