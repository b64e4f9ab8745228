"""The award's list pages answer in a fixed number of queries however many applications they show, and every
page reads in English too."""

from tests.awards.factories import advance, assign, declare, gen_application, gen_judge, gen_round, gen_staff, score
from tests.awards.factories import screen_all as screen
from tests.awards.test_decision import decide, scored  # noqa: F401 - the fixture
from tests.conftest import count_queries


def judged_round(app, count: int):
    staff = gen_staff(app, email=f"staff{count}@example.jp")
    round_ = gen_round(app, staff)
    applications = [gen_application(app, round_, title=f"取組{n}") for n in range(count)]
    advance(app, round_.id, staff, "closed")
    screen(app, round_.id, staff)
    judge = gen_judge(app, f"judge{count}@example.jp", f"審査 {count}")
    for application in applications:
        assign(app, application.id, judge, staff)
    advance(app, round_.id, staff, "judging")
    declare(app, round_.id, judge)
    for application in applications:
        score(app, application.id, judge, [3, 4])
    return round_, judge, staff


def test_list_pages_take_the_same_number_of_queries_for_2_and_6_applications(app, browser):
    counts = {}
    for size in (2, 6):
        round_, judge, staff = judged_round(app, size)
        browser.login(judge.email)
        judge_list = count_queries(app, browser.client, f"/judge/awards/{round_.id}")
        browser.logout()
        browser.login(staff.email)
        staff_pages = [count_queries(app, browser.client, f"/staff/awards/{round_.id}{suffix}")
                       for suffix in ("", "/results", "/log")]
        browser.logout()
        counts[size] = (judge_list, *staff_pages)
    assert counts[2] == counts[6]


def test_the_winners_page_takes_a_fixed_number_of_queries(app, browser, scored):  # noqa: F811
    browser.login("staff@example.jp")
    decide(browser, scored)
    round_id = scored["round"].id
    browser.submit(f"/staff/awards/{round_id}", {}, action=f"/staff/awards/{round_id}/publish")
    browser.logout()
    assert count_queries(app, browser.client, f"/awards/{round_id}") <= 8


def test_the_award_pages_read_in_english(app, browser, scored):  # noqa: F811
    browser.choose_language("en")
    browser.login("staff@example.jp")
    round_id = scored["round"].id
    html = browser.client.get(f"/staff/awards/{round_id}/results").get_data(as_text=True)
    assert "Results" in html and "Mean z" in html and "審査結果" not in html
    html = browser.client.get("/awards/").get_data(as_text=True)
    assert "SDGs Award" in html
