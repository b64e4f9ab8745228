"""The demo's events: the year's four partner lectures held with attendance (certifying people through the events
services), an upcoming lecture in each format, an exchange meeting with a waiting list, a cancelled event."""

from sqlalchemy import func, select

from partners.events import services
from partners.events.models import Event, EventFormat, EventKind, EventStatus, Registration, RegistrationStatus
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus, PartnerStatusChange

THEMES = ["障害者の社会参加・自立支援", "異常気象と防災対策", "筑波山地域ジオパーク", "生物多様性"]


def test_seed_demo_holds_the_four_lectures_and_certifies_through_them(app, runner, browser):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        events = db.session.scalars(select(Event).order_by(Event.starts_at)).all()
        finished = [event for event in events if event.status == EventStatus.FINISHED]
        assert sorted(event.theme for event in finished) == sorted(THEMES)
        assert {event.format for event in finished} == set(EventFormat)
        attended = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.status == RegistrationStatus.ATTENDED))
        assert attended >= 12
        certified = db.session.scalars(select(Partner).join(Registration, Registration.partner_id == Partner.id)
                                       .where(Registration.status == RegistrationStatus.ATTENDED)).unique().all()
        assert len(certified) >= 4
        assert all(partner.status == PartnerStatus.ACTIVE and partner.member_no for partner in certified)
        reasons = db.session.scalars(select(PartnerStatusChange.reason).where(
            PartnerStatusChange.partner_id == certified[0].id, PartnerStatusChange.to_status == PartnerStatus.ACTIVE))
        assert any("講座" in reason for reason in reasons)
        years = {services.fiscal_year_of(event.starts_at.date()) for event in finished}
        assert sum(services.individuals_certified_through_lectures(year) for year in years) == len(certified)

        upcoming = [event for event in events if event.status == EventStatus.PUBLISHED]
        assert {event.format for event in upcoming if event.kind == EventKind.LECTURE} == set(EventFormat)
        meeting = next(event for event in upcoming if event.kind == EventKind.EXCHANGE)
        waiting = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == meeting.id, Registration.status == RegistrationStatus.WAITLISTED))
        assert waiting >= 1
        assert any(event.status == EventStatus.CANCELLED for event in events)

    assert "筑波山地域ジオパーク" in browser.client.get("/events/past").get_data(as_text=True)
    assert "交流会" in browser.client.get("/events/").get_data(as_text=True)
