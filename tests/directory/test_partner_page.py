"""A partner's page in the member list adds its published activity reports and the published events it
attended, when those exist."""

import secrets
from datetime import date, timedelta

from partners.events.models import AttendanceMode, Registration, RegistrationStatus
from partners.extensions import db
from tests.events.factories import gen_event
from tests.factories import gen_partner
from tests.kpi.factories import gen_report
from tests.portal.factories import make_public

OPEN = {"listing": "public", "activities": "public", "offers_needs": "public", "contact": "private"}


def attended(app, event_id: int, partner_id: int) -> None:
    with app.app_context():
        db.session.add(Registration(event_id=event_id, partner_id=partner_id, mode=AttendanceMode.IN_PERSON,
                                    status=RegistrationStatus.ATTENDED, check_in_code=secrets.token_hex(4)))
        db.session.commit()


def test_the_page_shows_published_reports_and_published_events_attended_only(app, client):
    partner = gen_partner(app, name="森の学校", name_kana="モリノガッコウ", kind="group", visibility=OPEN)
    shown = gen_report(app, partner.id, date(2026, 10, 1), title="筑波山の清掃登山")
    make_public(app, shown)
    gen_report(app, partner.id, date(2026, 10, 2), title="内部の打合せメモ")  # not made public
    lecture = gen_event(app, title="生物多様性 パートナー講座", starts_in=timedelta(days=-7))
    draft = gen_event(app, status="draft", title="準備中の交流会")
    for event in (lecture, draft):
        attended(app, event.id, partner.id)

    page = client.get(f"/directory/{partner.member_no}").get_data(as_text=True)

    assert "取組報告" in page and f'/activities/partners/{partner.id}#report-{shown}">筑波山の清掃登山</a>' in page
    assert "内部の打合せメモ" not in page
    assert "参加した講座・交流会" in page
    assert f'/events/{lecture.id}">生物多様性 パートナー講座</a>' in page
    assert "準備中の交流会" not in page


def test_reports_are_left_off_while_the_partner_keeps_its_activities_to_itself(app, client):
    partner = gen_partner(app, name="森の学校", name_kana="モリノガッコウ", kind="group",
                          visibility=OPEN | {"activities": "private"})
    make_public(app, gen_report(app, partner.id, date(2026, 10, 1), title="筑波山の清掃登山"))
    page = client.get(f"/directory/{partner.member_no}").get_data(as_text=True)
    assert "筑波山の清掃登山" not in page and "取組報告" not in page


def test_the_sections_are_in_english_too(app, client):
    partner = gen_partner(app, name="Green Tsukuba", name_kana="グリーンツクバ", kind="group", visibility=OPEN)
    make_public(app, gen_report(app, partner.id, date(2026, 10, 1), title="Mount Tsukuba clean-up"))
    attended(app, gen_event(app, title="Biodiversity lecture", starts_in=timedelta(days=-7)).id, partner.id)
    page = client.get(f"/directory/{partner.member_no}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Activity reports" in page and "Events attended" in page and "Activities of Green Tsukuba" in page
