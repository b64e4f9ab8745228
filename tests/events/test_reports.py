"""Staff reports: one event's participants (page, CSV for Excel, printable sign-in sheet) and the counts of a
fiscal year that the KPI reads from partners.events.services."""

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from partners.audit.models import AuditEntry
from partners.core.timeutil import utcnow
from partners.events import services
from partners.events.models import AttendanceMode, EventFormat, EventKind
from partners.extensions import db
from partners.members.models import Partner
from tests.conftest import count_queries
from tests.events.attendance_factories import gen_registration, gen_staff
from tests.events.factories import gen_event
from tests.events.report_factories import attend, finish, hold
from tests.factories import gen_partner, gen_user

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(*args) -> datetime:
    return datetime(*args, tzinfo=TOKYO).astimezone(UTC)


def test_the_participant_page_shows_each_persons_way_of_attending_and_state_in_a_fixed_number_of_queries(
        app, browser):
    event = gen_event(app, capacity_in_person=1)
    staff = gen_staff(app)
    seated = gen_registration(app, event, name="会場 一郎", email="ichiro@example.jp")
    gen_registration(app, event, name="待機 二郎", email="jiro@example.jp")
    gen_registration(app, event, mode="online", name="画面 三子", email="mitsuko@example.jp")
    attend(app, event.id, [seated.id], staff)
    browser.login(staff.email)
    page = f"/staff/events/{event.id}/participants"

    html = browser.client.get(page).get_data(as_text=True)
    for text in ["会場 一郎", "ichiro@example.jp", "出席", "待機 二郎", "キャンセル待ち", "画面 三子", "オンライン"]:
        assert text in html
    few = count_queries(app, browser.client, page)
    for index in range(6):
        gen_registration(app, event, mode="online", email=f"more{index}@example.jp")
    assert count_queries(app, browser.client, page) == few
    assert f"/staff/events/{event.id}/participants" in browser.client.get(f"/staff/events/{event.id}").get_data(
        as_text=True)


def test_the_participant_csv_opens_in_excel_with_japanese_headers_and_no_formulas(app, browser):
    event = gen_event(app)
    gen_registration(app, event, name="=HYPERLINK(\"http://evil.example\")", email="eve@example.jp")
    gen_registration(app, event, mode="online", name="筑波 花子", email="hanako@example.jp")
    staff = gen_staff(app)
    browser.login(staff.email)

    response = browser.client.get(f"/staff/events/{event.id}/participants.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["申込番号", "氏名", "メールアドレス", "団体名", "参加方法", "状態", "申込日時", "出席確認日時"]
    assert rows[1][1] == "'=HYPERLINK(\"http://evil.example\")" and rows[1][4:6] == ["会場", "申込済み"]
    assert rows[2][1:3] == ["筑波 花子", "hanako@example.jp"] and rows[2][4] == "オンライン"
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == event.id)
                                 .order_by(AuditEntry.id.desc()).limit(1)) == "event.participants_export"


def test_the_sign_in_sheet_lists_the_in_person_seats_for_printing(app, browser):
    event = gen_event(app, capacity_in_person=2)
    for name in ["会場 一郎", "会場 二郎", "待機 三郎"]:
        gen_registration(app, event, name=name)
    gen_registration(app, event, mode="online", name="画面 四子")
    staff = gen_staff(app)
    browser.login(staff.email)

    html = browser.client.get(f"/staff/events/{event.id}/sign-in-sheet").get_data(as_text=True)

    assert "会場 一郎" in html and "会場 二郎" in html
    assert "待機 三郎" not in html and "画面 四子" not in html
    assert "data-print" in html and "js/print.js" in html and "sign-in-table" in html
    assert "2人が会場の席を持っています。" in html


def test_reports_are_for_staff_only(app, browser):
    event = gen_event(app)
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")
    for page in [f"/staff/events/{event.id}/participants", f"/staff/events/{event.id}/participants.csv",
                 f"/staff/events/{event.id}/sign-in-sheet", "/staff/events/report/2024"]:
        assert browser.client.get(page).status_code == 403


def test_the_fiscal_year_runs_april_to_march_in_tokyo_time(app):
    with app.app_context():
        assert services.fiscal_year_of(datetime(2025, 3, 31).date()) == 2024
        assert services.fiscal_year_of(datetime(2025, 4, 1).date()) == 2025
        assert services.fiscal_year_bounds(2024) == (tokyo(2024, 4, 1), tokyo(2025, 4, 1))


def held_lecture(app, starts_at: datetime, **fields):
    event = gen_event(app, **fields)
    people = [gen_registration(app, event) for _ in range(3)]
    online = gen_registration(app, event, mode="online")
    hold(app, event.id, starts_at)
    return event, people, online


def test_the_yearly_counts_are_by_kind_and_format_and_held_events_only(app, browser):
    staff = gen_staff(app)
    last_night, first_morning = tokyo(2025, 3, 31, 23, 30), tokyo(2025, 4, 1, 0, 30)
    lecture, (came, missed, _unmarked), online = held_lecture(app, last_night)
    attend(app, lecture.id, [came.id, online.id], staff)
    finish(app, lecture.id, staff)
    held_lecture(app, first_morning)
    exchange = gen_event(app, kind="exchange", format="in_person", capacity_online=None)
    gen_registration(app, exchange)
    hold(app, exchange.id, tokyo(2024, 4, 1, 10))
    gen_event(app, status="cancelled", title="中止の講座")
    with app.app_context():
        assert services.events_held(2024) == {(EventKind.LECTURE, EventFormat.HYBRID): 1,
                                              (EventKind.EXCHANGE, EventFormat.IN_PERSON): 1}
        assert services.events_held(2025, now=first_morning) == {(EventKind.LECTURE, EventFormat.HYBRID): 1}
        counts = services.participation(2024)
        in_person = counts[EventKind.LECTURE, AttendanceMode.IN_PERSON]
        assert (in_person.registered, in_person.attended, in_person.no_shows) == (3, 1, 2)
        assert counts[EventKind.LECTURE, AttendanceMode.ONLINE] == services.Participation(1, 1, 0)
        assert counts[EventKind.EXCHANGE, AttendanceMode.IN_PERSON] == services.Participation(1, 0, 0)

    browser.login(staff.email)
    html = browser.client.get("/staff/events/report/2024").get_data(as_text=True)
    assert "2024年度" in html and "2024年4月1日" in html and "2025年3月31日" in html
    assert "パートナー講座" in html and "交流会" in html


def test_individuals_certified_through_lectures_count_only_certification_by_attending(app, browser):
    staff = gen_staff(app)
    event = gen_event(app, certifies=True)
    applicant_user, member_user = gen_user(app), gen_user(app)
    gen_partner(app, owner=applicant_user, status="applied", name="申込 太郎")
    gen_partner(app, owner=member_user, status="active", name="既存 花子")
    applicant = gen_registration(app, event, user=applicant_user)
    member = gen_registration(app, event, user=member_user)
    starts = utcnow() - timedelta(hours=1)
    hold(app, event.id, starts)
    attend(app, event.id, [applicant.id, member.id], staff)
    year = services.fiscal_year_of(datetime.now(TOKYO).date())

    with app.app_context():
        assert db.session.scalar(select(Partner.member_no).where(Partner.name == "申込 太郎"))
        assert services.individuals_certified_through_lectures(year) == 1
        assert services.individuals_certified_through_lectures(year - 1) == 0
    browser.login(staff.email)
    assert "<strong>1</strong>" in browser.client.get(f"/staff/events/report/{year}").get_data(as_text=True)
    assert browser.client.get("/staff/events/report").headers["Location"].endswith(f"/staff/events/report/{year}")


def test_the_yearly_report_takes_a_fixed_number_of_queries(app, browser):
    staff = gen_staff(app)
    browser.login(staff.email)
    page = "/staff/events/report/2024"
    few = count_queries(app, browser.client, page)
    for day in range(1, 4):
        held_lecture(app, tokyo(2024, 5, day, 10))
    assert count_queries(app, browser.client, page) == few
