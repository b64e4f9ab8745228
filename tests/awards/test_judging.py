"""Judging through HTTP: a judge declares relationships before seeing content; a conflicted judge gets 403 on the
application, its attachment and its score form and never sees it listed; in a blind round no page a judge can
reach shows the applicant's name, e-mail or file names; assignments spread evenly and skip conflicts;
submitted scores lock until staff reopen them, and every step is in the judging log."""

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from partners.awards.models import AwardAttachment, JudgeAssignment, JudgingLogEntry, ScoreSheet
from partners.extensions import db
from tests.awards.factories import (
    advance,
    assign,
    declare,
    gen_application,
    gen_judge,
    gen_round,
    gen_staff,
    screen_all,
)
from tests.awards.test_applications import png_bytes
from tests.core.test_hostile_input import PLACEHOLDER
from tests.factories import gen_user

NAME, EMAIL, GROUP, FILE = "山田 太郎", "yamada@example.jp", "つくばリユース市民の会", "山田家の生ごみ.png"


@pytest.fixture
def judged(app, browser):
    """A judging round with two applications (one by 山田, with a photo), two judges assigned to both; judge
    A declared a conflict with 山田's application."""
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    applicant = gen_user(app, email=EMAIL, name=NAME)
    mine = gen_application(app, round_, applicant=applicant, group_name=GROUP, title="リユース食器の貸し出し",
                           contact_name=NAME, contact_email=EMAIL)
    other = gen_application(app, round_, title="フードドライブ", group_name="食品ロス削減ネット")
    browser.login(EMAIL)
    page = f"/awards/applications/{mine.id}"
    browser.submit(page, {"file": (io.BytesIO(png_bytes()), FILE, "image/png")}, action=f"{page}/attachments")
    browser.logout()
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    judge_a, judge_b = gen_judge(app, "a@example.jp", "審査 A"), gen_judge(app, "b@example.jp", "審査 B")
    for application in (mine, other):
        for judge in (judge_a, judge_b):
            assign(app, application.id, judge, staff)
    advance(app, round_.id, staff, "judging")
    declare(app, round_.id, judge_b)
    with app.app_context():
        attachment_id = db.session.scalar(select(AwardAttachment.id))
    return {"round": round_, "mine": mine, "other": other, "staff": staff, "a": judge_a, "b": judge_b,
            "attachment": attachment_id}


def test_a_judge_declares_before_seeing_any_content_and_the_conflict_hides_the_application(app, browser, judged):
    browser.login("a@example.jp")
    round_id, mine = judged["round"].id, judged["mine"]
    response = browser.client.get(f"/judge/awards/{round_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/judge/awards/{round_id}/declare")
    assert browser.client.get(f"/judge/awards/applications/{mine.id}").status_code == 403, "nothing before declaring"
    declaration = browser.client.get(f"/judge/awards/{round_id}/declare").get_data(as_text=True)
    assert "リユース食器の貸し出し" in declaration and NAME not in declaration and GROUP not in declaration
    browser.submit(f"/judge/awards/{round_id}/declare", {"conflicts": [str(mine.id)], "note": "", "confirm": "y"})

    assert browser.client.get(f"/judge/awards/applications/{mine.id}").status_code == 403
    assert browser.client.get(f"/judge/awards/attachments/{judged['attachment']}").status_code == 403
    assert browser.client.get(f"/judge/awards/applications/{mine.id}/score").status_code == 403
    assert browser.submit(f"/judge/awards/{round_id}", {"criterion_1": "5"},
                          action=f"/judge/awards/applications/{mine.id}/score").status_code == 403
    for page in ("/judge/awards/", f"/judge/awards/{round_id}", f"/judge/awards/{round_id}/declare",
                 f"/judge/awards/applications/{judged['other'].id}"):
        html = browser.client.get(page, follow_redirects=True).get_data(as_text=True)
        assert "リユース食器の貸し出し" not in html, page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JudgeAssignment)
                                 .where(JudgeAssignment.judge_id == judged["a"].id)) == 1


def test_a_conflict_staff_record_later_hides_the_application_from_the_judge_at_once(app, browser, judged):
    browser.login("b@example.jp")
    mine = judged["mine"]
    assert browser.client.get(f"/judge/awards/applications/{mine.id}").status_code == 200
    browser.logout()
    browser.login("staff@example.jp")
    page = f"/staff/awards/applications/{mine.id}"
    browser.submit(page, {"conflict-judge": str(judged["b"].id)}, action=f"{page}/conflict")
    browser.logout()
    browser.login("b@example.jp")
    assert browser.client.get(f"/judge/awards/applications/{mine.id}").status_code == 403
    assert "リユース食器の貸し出し" not in browser.client.get(f"/judge/awards/{judged['round'].id}").get_data(
        as_text=True)


def judge_pages(app, ids: dict) -> list[str]:
    """Every GET rule under /judge, filled with the ids a judge may use (or that it is refused)."""
    def value(rule, name) -> str:
        return str(ids[name]) if isinstance(rule._converters[name], IntegerConverter) else "x"

    return [PLACEHOLDER.sub(lambda m, rule=rule: value(rule, m.group(1)), rule.rule)
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/judge") and "GET" in rule.methods]


def test_blind_judging_shows_no_applicant_name_email_or_file_name_on_any_judge_page(app, browser, judged):
    browser.login("b@example.jp")
    ids = {"round_id": judged["round"].id, "application_id": judged["mine"].id, "attachment_id": judged["attachment"]}
    pages = judge_pages(app, ids)
    assert len(pages) >= 6
    seen = []
    for page in pages:
        response = browser.client.get(page, follow_redirects=True)
        assert response.status_code == 200, page
        body = response.get_data()
        seen.append(page)
        for secret in (NAME, EMAIL, GROUP, FILE, "yamada"):
            assert secret.encode() not in body, (page, secret)
        assert "山田家" not in response.headers.get("Content-Disposition", "")
    assert any("/attachments/" in page for page in seen)


def test_open_judging_shows_the_group(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff, blind=False)
    application = gen_application(app, round_, group_name=GROUP)
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    judge = gen_judge(app, "a@example.jp", "審査 A")
    assign(app, application.id, judge, staff)
    advance(app, round_.id, staff, "judging")
    browser.login("a@example.jp")
    assert GROUP in browser.client.get(f"/judge/awards/{round_.id}/declare").get_data(as_text=True)
    declare(app, round_.id, judge)
    assert GROUP in browser.client.get(f"/judge/awards/applications/{application.id}").get_data(as_text=True)


def test_a_judge_not_assigned_gets_403(app, browser, judged):
    gen_judge(app, "c@example.jp", "審査 C")
    browser.login("c@example.jp")
    browser.submit(f"/judge/awards/{judged['round'].id}/declare", {"note": "", "confirm": "y"})
    assert browser.client.get(f"/judge/awards/applications/{judged['other'].id}").status_code == 403
    assert browser.client.get(f"/judge/awards/attachments/{judged['attachment']}").status_code == 403


def test_scores_lock_on_submission_until_staff_reopen_them_with_a_reason(app, browser, judged):
    browser.login("b@example.jp")
    other = judged["other"]
    score_page = f"/judge/awards/applications/{other.id}/score"
    criteria = [c.id for c in judged["round"].criteria]
    draft = browser.submit(score_page, {f"criterion_{criteria[0]}": "4", "comment": "下書き", "save": "y"})
    assert draft.status_code == 302
    too_high = browser.submit(score_page, {f"criterion_{criteria[0]}": "9", f"criterion_{criteria[1]}": "3",
                                           "submit_scores": "y"})
    assert too_high.status_code == 200 and "0から5まで" in too_high.get_data(as_text=True)
    browser.submit(score_page, {f"criterion_{criteria[0]}": "4", f"criterion_{criteria[1]}": "3",
                                "comment": "地域への広がりが大きい", "submit_scores": "y"})
    again = browser.submit(score_page, {f"criterion_{criteria[0]}": "1", f"criterion_{criteria[1]}": "1",
                                        "submit_scores": "y"})
    assert "提出済みのため変更できません" in again.get_data(as_text=True)
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet))
        assert (sheet.status, sheet.values()) == ("submitted", {criteria[0]: 4, criteria[1]: 3})
    browser.logout()
    browser.login("staff@example.jp")
    page = f"/staff/awards/applications/{other.id}"
    browser.submit(page, {f"reopen-{sheet.id}-reason": "基準の読み違いの申し出"},
                   action=f"/staff/awards/sheets/{sheet.id}/reopen")
    log = browser.client.get(f"/staff/awards/{judged['round'].id}/log").get_data(as_text=True)
    assert "採点を差し戻し" in log and "基準の読み違いの申し出" in log
    browser.logout()
    browser.login("b@example.jp")
    browser.submit(score_page, {f"criterion_{criteria[0]}": "5", f"criterion_{criteria[1]}": "3", "submit_scores": "y"})
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet.id).values()[criteria[0]] == 5
        actions = db.session.scalars(select(JudgingLogEntry.action).order_by(JudgingLogEntry.id)).all()
    assert actions.count("score.submit") == 2 and "score.reopen" in actions and "assignment.add" in actions


def test_judges_never_see_other_judges_scores(app, browser, judged):
    from tests.awards.factories import score

    criteria_values = [5, 5]
    score(app, judged["other"].id, judged["b"], criteria_values, comment="とても良いが独自コメントXYZ")
    declare(app, judged["round"].id, judged["a"])
    browser.login("a@example.jp")
    for page in judge_pages(app, {"round_id": judged["round"].id, "application_id": judged["other"].id,
                                  "attachment_id": judged["attachment"]}):
        assert "独自コメントXYZ".encode() not in browser.client.get(page, follow_redirects=True).get_data()


def test_automatic_assignment_spreads_the_load_and_skips_conflicts(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff, judges_per_application=2)
    applications = [gen_application(app, round_, title=f"取組{n}") for n in range(7)]
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    judges = [gen_judge(app, f"j{n}@example.jp", f"審査 {n}") for n in range(3)]
    declare(app, round_.id, judges[0], conflicts={applications[0].id})
    browser.login("staff@example.jp")
    response = browser.submit(f"/staff/awards/{round_.id}", {}, action=f"/staff/awards/{round_.id}/auto-assign",
                              follow_redirects=True)
    assert "14件の割り当てを追加しました" in response.get_data(as_text=True)
    with app.app_context():
        pairs = db.session.execute(select(JudgeAssignment.application_id, JudgeAssignment.judge_id)).all()
    loads = [sum(1 for _a, j in pairs if j == judge.id) for judge in judges]
    assert max(loads) - min(loads) <= 1, loads
    assert (applications[0].id, judges[0].id) not in pairs
    assert all(sum(1 for a, _j in pairs if a == application.id) == 2 for application in applications)


def test_the_judge_pages_refuse_people_without_the_role(app, browser, judged):
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")
    for page in judge_pages(app, {"round_id": judged["round"].id, "application_id": judged["mine"].id,
                                  "attachment_id": judged["attachment"]}):
        assert browser.client.get(page).status_code == 403, page
    browser.logout()
    response = browser.client.get(f"/judge/awards/{judged['round'].id}")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    assert re.search(r"/judge/awards/", judge_pages(app, {"round_id": 1, "application_id": 1,
                                                           "attachment_id": 1})[0])


def test_a_judge_who_applied_is_never_given_their_own_application(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff, judges_per_application=1)
    judge = gen_judge(app, "a@example.jp", "審査 A")
    own = gen_application(app, round_, applicant=judge, title="審査員自身の取組")
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    browser.login("staff@example.jp")
    page = f"/staff/awards/applications/{own.id}"
    refused = browser.submit(page, {"judge": str(judge.id)}, action=f"{page}/assign", follow_redirects=True)
    assert "利害関係があります" in refused.get_data(as_text=True)
    browser.submit(f"/staff/awards/{round_.id}", {}, action=f"/staff/awards/{round_.id}/auto-assign")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JudgeAssignment)) == 0


def test_the_judging_log_is_append_only(app, judged):
    with app.app_context():
        entry = db.session.scalar(select(JudgingLogEntry))
        entry.detail = "書き換え"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(JudgingLogEntry)))
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
