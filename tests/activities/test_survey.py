"""The annual survey: staff open it; every active partner's contacts are mailed a personal link and reminded
once; one answer per partner; staff follow the response rate and download the answers; a yes counts for the KPI."""

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from partners.accounts.models import Role
from partners.activities.models import SurveyInvitation
from partners.extensions import db
from partners.kpi.participation import participation
from tests.conftest import link_in
from tests.factories import gen_partner, gen_user


def open_survey(browser, closes_on: date | None = None) -> int:
    today = date.today()
    response = browser.submit("/staff/surveys/new", {
        "title": "2026年度 パートナー年次アンケート", "opens_on": (today - timedelta(days=1)).isoformat(),
        "closes_on": (closes_on or today + timedelta(days=30)).isoformat(),
        "participation_question": "過去1年間にSDGsの取組に参加しましたか。",
        "awareness_question": "SDGsをご存じですか。", "awareness_choices": "よく知っている\n知らない",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_partners_are_invited_answer_once_and_are_reminded_once(app, client, browser, outbox):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    person = gen_user(app, email="person@example.jp", name="筑波 花子")
    owner = gen_user(app, email="owner@example.jp", name="森 太郎")
    individual = gen_partner(app, owner=person)
    gen_partner(app, kind="group", owner=owner, name="里山の会", name_kana="サトヤマノカイ")
    gen_partner(app, status="applied")  # not a partner yet: not invited
    outbox.deliver()  # the welcome mail

    browser.login("staff@example.jp")
    survey_id = open_survey(browser)
    browser.submit(f"/staff/surveys/{survey_id}", {}, action=f"/staff/surveys/{survey_id}/invite")
    mails = outbox.deliver()
    assert sorted(mail["To"] for mail in mails) == ["owner@example.jp", "person@example.jp"]
    invitation = next(mail for mail in mails if mail["To"] == "person@example.jp")
    assert invitation["Subject"].startswith("【") and "年次アンケート" in invitation["Subject"]
    assert "筑波 花子 様" in invitation.get_body(("plain",)).get_content()
    browser.logout()

    link = link_in(invitation, "/surveys/answer/")
    page = client.get(link)
    assert page.status_code == 200 and "過去1年間にSDGsの取組に参加しましたか。" in page.get_data(as_text=True)
    incomplete = browser.submit(link, {})
    assert incomplete.status_code == 400 and "回答を選んでください" in incomplete.get_data(as_text=True)
    with app.app_context():
        questions = db.session.scalar(select(SurveyInvitation)).survey.questions
    answered = browser.submit(link, {f"question_{questions[0].id}": "yes",
                                     f"question_{questions[1].id}": "よく知っている"})
    assert "回答を受け付けました" in answered.get_data(as_text=True)
    assert "回答済み" in client.get(link).get_data(as_text=True)
    assert client.get(link[:-3] + "abc").status_code == 404  # a forged link

    browser.login("staff@example.jp")
    detail = client.get(f"/staff/surveys/{survey_id}").get_data(as_text=True)
    assert "50 %" in detail
    browser.submit(f"/staff/surveys/{survey_id}", {}, action=f"/staff/surveys/{survey_id}/remind")
    assert [mail["To"] for mail in outbox.deliver()] == ["owner@example.jp"]  # only who has not answered
    again = browser.submit(f"/staff/surveys/{survey_id}", {}, action=f"/staff/surveys/{survey_id}/remind",
                           follow_redirects=True)
    assert "再依頼のメールは送信済みです" in again.get_data(as_text=True)
    assert outbox.deliver() == []

    export = client.get(f"/staff/surveys/{survey_id}/answers.csv")
    assert export.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["会員番号", "区分", "回答日時"] and rows[0][3] == "過去1年間にSDGsの取組に参加しましたか。"
    assert [row[0] for row in rows[1:]] == [individual.member_no]
    assert rows[1][3:] == ["はい", "よく知っている"]


def test_a_yes_counts_for_the_kpi_once_the_survey_has_closed(app, browser, outbox):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    person = gen_user(app, email="person@example.jp")
    gen_partner(app, owner=person)
    outbox.deliver()
    browser.login("staff@example.jp")
    survey_id = open_survey(browser, closes_on=date.today() + timedelta(days=1))
    browser.submit(f"/staff/surveys/{survey_id}", {}, action=f"/staff/surveys/{survey_id}/invite")
    link = link_in(outbox.deliver_one("person@example.jp"), "/surveys/answer/")
    with app.app_context():
        question = db.session.scalar(select(SurveyInvitation)).survey.questions[0]
    browser.submit(link, {f"question_{question.id}": "yes"})
    with app.app_context():
        assert participation(date.today()).taking_part == 0  # the survey has not closed yet
        assert participation(date.today() + timedelta(days=1)).taking_part == 1


def test_a_survey_must_close_after_it_opens(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    response = browser.submit("/staff/surveys/new", {"title": "x", "opens_on": "2026-05-01",
                                                     "closes_on": "2026-04-01",
                                                     "participation_question": "参加しましたか。",
                                                     "awareness_question": ""})
    assert response.status_code == 400 and "締切日は開始日以降にしてください" in response.get_data(as_text=True)
