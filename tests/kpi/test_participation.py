"""The participation rate at D: partners active at the end of D who took part in an SDG activity dated after D
minus one year and on or before D, over partners active at D — checked on the boundary days."""

from datetime import date

from partners.kpi.participation import participation, window_start
from partners.members.models import PartnerKind
from tests.factories import gen_user
from tests.kpi.factories import at, gen_attendance, gen_member, gen_report, gen_survey_answer

D = date(2023, 12, 31)


def rate(app, as_of=D):
    with app.app_context():
        return participation(as_of)


def test_the_window_is_the_year_up_to_d():
    assert window_start(date(2023, 12, 31)) == date(2023, 1, 1)
    assert window_start(date(2024, 2, 29)) == date(2023, 3, 1)
    assert window_start(date(2024, 3, 31)) == date(2023, 4, 1)


def test_reports_count_from_the_first_day_of_the_window_to_d_inclusive(app):
    on_first_day = gen_member(app, date(2020, 5, 1))
    gen_report(app, on_first_day, date(2023, 1, 1))
    on_d = gen_member(app, date(2020, 5, 1))
    gen_report(app, on_d, D)
    a_day_too_early = gen_member(app, date(2020, 5, 1))
    gen_report(app, a_day_too_early, date(2022, 12, 31))
    a_day_too_late = gen_member(app, date(2020, 5, 1))
    gen_report(app, a_day_too_late, date(2024, 1, 1))

    result = rate(app)
    assert (result.taking_part, result.active) == (2, 4)
    assert str(result.rate) == "50.0"


def test_who_is_active_at_the_end_of_d(app):
    joined_on_d = gen_member(app, D)
    gen_report(app, joined_on_d, D)
    joins_after = gen_member(app, date(2024, 1, 1))
    gen_report(app, joins_after, D)  # reported for a day before joining, but not a partner at D
    withdrew_on_d = gen_member(app, date(2020, 1, 1), withdrawn=D)
    gen_report(app, withdrew_on_d, date(2023, 6, 1))
    withdrew_after = gen_member(app, date(2020, 1, 1), withdrawn=date(2024, 1, 1))
    gen_report(app, withdrew_after, date(2023, 6, 1))
    gen_member(app, date(2020, 1, 1), suspended=date(2023, 3, 1), reinstated=date(2023, 12, 1))  # active again at D
    suspended_at_d = gen_member(app, date(2020, 1, 1), suspended=date(2023, 12, 30))
    gen_report(app, suspended_at_d, date(2023, 6, 1))
    gen_member(app, date(2021, 4, 1))  # active, took part in nothing

    result = rate(app)
    # Active at the end of D: joined_on_d, withdrew_after, suspended_in_window (reinstated), the idle one.
    assert result.active == 4
    assert result.taking_part == 2
    assert str(result.rate) == "50.0"
    # A day later the one who withdrew is gone from both sides and the one who joined is counted.
    assert (rate(app, date(2024, 1, 1)).taking_part, rate(app, date(2024, 1, 1)).active) == (2, 4)


def test_attendance_counts_by_the_event_day_in_asia_tokyo(app):
    individual = gen_member(app, date(2020, 1, 1))
    group = gen_member(app, date(2020, 1, 1), kind="group")
    user = gen_user(app)
    gen_member(app, date(2020, 1, 1), user_id=user.id)  # its contact attended an exchange meeting
    late_night_before = gen_member(app, date(2020, 1, 1))
    no_show = gen_member(app, date(2020, 1, 1))
    with app.app_context():
        first_minute = at(date(2023, 1, 1), 0)
        last_minute_before = at(date(2022, 12, 31), 23)
    gen_attendance(app, first_minute, partner_id=individual)  # 00:00 on 1 January in Tokyo: 2022 in UTC
    gen_attendance(app, D, group_partner_id=group)
    gen_attendance(app, date(2023, 5, 5), user_id=user.id, kind="exchange")
    gen_attendance(app, last_minute_before, partner_id=late_night_before)
    gen_attendance(app, date(2023, 5, 5), partner_id=no_show, status="no_show")

    result = rate(app)
    assert result.by_kind[PartnerKind.INDIVIDUAL].taking_part == 2  # individual, contact_of_individual
    assert result.by_kind[PartnerKind.GROUP].taking_part == 1
    assert result.active == 5 and result.taking_part == 3


def test_a_yes_counts_when_the_survey_closed_in_the_window(app):
    yes_closing_on_d = gen_member(app, date(2020, 1, 1))
    gen_survey_answer(app, yes_closing_on_d, D)
    yes_closing_before = gen_member(app, date(2020, 1, 1))
    gen_survey_answer(app, yes_closing_before, date(2022, 12, 31))
    said_no = gen_member(app, date(2020, 1, 1))
    gen_survey_answer(app, said_no, date(2023, 6, 30), value="no")
    yes_to_another_question = gen_member(app, date(2020, 1, 1))
    gen_survey_answer(app, yes_to_another_question, date(2023, 6, 30), counts_as_participation=False)

    result = rate(app)
    assert (result.taking_part, result.active) == (1, 4)
    assert str(result.rate) == "25.0"


def test_one_partner_counts_once_however_much_it_did(app):
    busy = gen_member(app, date(2020, 1, 1))
    for day in (date(2023, 2, 1), date(2023, 3, 1)):
        gen_report(app, busy, day)
    gen_attendance(app, date(2023, 4, 1), partner_id=busy)
    gen_survey_answer(app, busy, date(2023, 6, 30))
    gen_member(app, date(2020, 1, 1))
    gen_member(app, date(2020, 1, 1))
    result = rate(app)
    assert (result.taking_part, result.active) == (1, 3)
    assert str(result.rate) == "33.3"


def test_the_rate_rounds_half_up_to_one_decimal(app):
    # 1 of 8 is 12.5 exactly; 1 of 16 is 6.25 → 6.3 (half to even would give 6.2).
    first = gen_member(app, date(2020, 1, 1))
    gen_report(app, first, date(2023, 6, 1))
    for _ in range(15):
        gen_member(app, date(2020, 1, 1))
    assert str(rate(app).rate) == "6.3"


def test_the_command_prints_the_bare_rate_last(app, runner):
    taking_part = gen_member(app, date(2020, 1, 1))
    gen_report(app, taking_part, D)
    gen_member(app, date(2020, 1, 1), kind="group")
    gen_member(app, date(2020, 1, 1))

    result = runner.invoke(args=["kpi", "participation", "--as-of", "2023-12-31"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["33.3"]

    verbose = runner.invoke(args=["kpi", "participation", "--as-of", "2023-12-31", "--verbose"])
    lines = verbose.output.splitlines()
    assert lines[-1] == "33.3"
    assert "individual: 1 taking part / 2 active" in lines
    assert "group: 0 taking part / 1 active" in lines

    assert runner.invoke(args=["kpi", "participation", "--as-of", "2023-13-01"]).exit_code == 2
    assert runner.invoke(args=["kpi", "participation", "--as-of", "1800-01-01"]).exit_code == 2
    nobody = runner.invoke(args=["kpi", "participation", "--as-of", "2019-01-01"])
    assert nobody.exit_code == 1 and "No partner was active" in nobody.output
