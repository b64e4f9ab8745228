"""Collaboration requests accepted on the portal count for the KPI (issue 12: an accepted request is a
collaboration): in the collaborations indicator, with the activity reports of collaboration, and as taking part
in the participation rate, for both partners."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from partners.kpi.computed import collaborations
from partners.kpi.participation import participation
from partners.portal.models import Collaboration, CollaborationStatus
from tests.kpi.factories import at, gen_member, gen_report

D = date(2023, 12, 31)


def gen_request(app, sender: int, recipient: int, answered: datetime | None, status: str = "accepted") -> None:
    from partners.extensions import db

    with app.app_context():
        db.session.add(Collaboration(sender_id=sender, recipient_id=recipient, message="一緒にやりませんか。",
                                     status=CollaborationStatus(status), created_at=answered or at(D),
                                     answered_at=answered))
        db.session.commit()


def on(app, day: date, hour: int = 12) -> datetime:
    with app.app_context():
        return at(day, hour)


def test_both_partners_of_a_collaboration_accepted_in_the_window_take_part(app):
    sender, recipient = gen_member(app, date(2020, 5, 1)), gen_member(app, date(2020, 5, 1), kind="group")
    gen_request(app, sender, recipient, on(app, D, 23))
    early, late = gen_member(app, date(2020, 5, 1)), gen_member(app, date(2020, 5, 1))
    gen_request(app, early, late, on(app, date(2022, 12, 31), 23))  # the day before the window
    declined, asked = gen_member(app, date(2020, 5, 1)), gen_member(app, date(2020, 5, 1))
    gen_request(app, declined, asked, on(app, D), status="declined")
    pending, waiting = gen_member(app, date(2020, 5, 1)), gen_member(app, date(2020, 5, 1))
    gen_request(app, pending, waiting, None, status="pending")
    gen_request(app, pending, waiting, on(app, date(2024, 1, 1), 0))  # the first minute after D, Asia/Tokyo

    with app.app_context():
        result = participation(D)
    assert (result.taking_part, result.active) == (2, 8)
    assert {kind.value: counts.taking_part for kind, counts in result.by_kind.items()} == {"individual": 1,
                                                                                         "group": 1}


def test_the_collaborations_indicator_counts_accepted_requests_and_collaboration_reports(app):
    first, second = gen_member(app, date(2020, 5, 1)), gen_member(app, date(2020, 5, 1))
    gen_report(app, first, date(2023, 6, 1), kind="collaboration")
    gen_report(app, first, date(2023, 6, 1), kind="volunteer")
    gen_request(app, first, second, on(app, date(2023, 4, 1), 0))  # first minute of fiscal 2023
    gen_request(app, second, first, on(app, D, 23))
    gen_request(app, second, first, on(app, date(2023, 3, 31), 23))  # fiscal 2022
    gen_request(app, second, first, on(app, date(2024, 1, 1), 0))  # after D
    gen_request(app, first, second, on(app, D), status="declined")

    with app.app_context():
        assert collaborations(D) == Decimal(3)
        assert collaborations(date(2024, 3, 31)) == Decimal(4)


def test_the_public_kpi_page_shows_portal_collaborations(app, client):
    from partners.core.timeutil import local_today
    from partners.extensions import db
    from partners.kpi.models import Indicator, Period

    first, second = gen_member(app, date(2020, 5, 1)), gen_member(app, date(2020, 5, 1))
    with app.app_context():
        today = local_today()
        db.session.add(Indicator(
            code="collaborations", initiative_ja="推進", initiative_en="Running", name_ja="パートナー間の連携の件数",
            name_en="Collaborations between partners", unit_ja="件", unit_en="collaborations",
            computed="collaborations",
            period=Period.FISCAL, baseline_on=today - timedelta(days=3000), baseline_value=Decimal(0),
            target_on=today + timedelta(days=300), target_value=Decimal(10)))
        db.session.commit()
    gen_request(app, first, second, on(app, today, 0))
    gen_request(app, second, first, on(app, today, 0))

    html = client.get("/kpi/").get_data(as_text=True)
    assert "パートナー間の連携の件数" in html and "<strong>2 件</strong>" in html
