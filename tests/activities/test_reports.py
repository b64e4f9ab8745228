"""Partners report their activities (with a photo, public or not); staff enter reports from paper forms."""

from datetime import date

from sqlalchemy import select

from partners.accounts.models import Role
from partners.activities.models import ActivityPhoto, ActivityReport
from partners.extensions import db
from tests.activities.helpers import REPORT, partner_with_contact, png_bytes, upload
from tests.conftest import count_queries
from tests.factories import gen_partner, gen_user
from tests.kpi.factories import gen_report
from tests.members.test_withdraw import every_text_value

REPORT_DAY = date(2026, 10, 1)


def stored_reports(app) -> list[ActivityReport]:
    with app.app_context():
        reports = db.session.scalars(select(ActivityReport).order_by(ActivityReport.id)).all()
        for report in reports:
            _ = report.goals, report.photo
        db.session.expunge_all()
        return reports


def test_a_partner_reports_an_activity_with_a_photo_and_publishes_it(app, client, browser):
    _owner, partner = partner_with_contact(app)
    browser.login("owner@example.jp")
    page = f"/activities/{partner.id}/new"
    response = browser.submit(page, REPORT | {"is_public": "y", "photo": upload(png_bytes(), "photo.jpg")},
                              content_type="multipart/form-data", follow_redirects=True)
    assert "取組報告を保存しました" in response.get_data(as_text=True)
    [report] = stored_reports(app)
    assert (report.title, report.kind, report.goals, report.participants) == ("筑波山の清掃登山", "volunteer",
                                                                              [11, 15], 12)
    assert report.photo.content_type == "image/png"  # from its bytes, not its name
    assert report.is_public and report.source == "partner"

    browser.logout()
    public = client.get(f"/activities/partners/{partner.id}").get_data(as_text=True)
    assert "筑波山の清掃登山" in public and "ごみ袋10袋分" in public
    photo = client.get(f"/activities/reports/{report.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert photo.data == png_bytes()


def test_a_private_report_and_its_photo_stay_with_the_partner_and_staff(app, client, browser):
    _owner, partner = partner_with_contact(app)
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    gen_user(app, email="other@example.jp")
    browser.login("owner@example.jp")
    browser.submit(f"/activities/{partner.id}/new", REPORT | {"photo": upload(png_bytes(), "a.png")},
                   content_type="multipart/form-data")
    [report] = stored_reports(app)
    assert client.get(f"/activities/reports/{report.id}/photo").status_code == 200
    assert "no-store" in client.get(f"/activities/reports/{report.id}/photo").headers["Cache-Control"]
    browser.logout()
    assert "筑波山の清掃登山" not in client.get(f"/activities/partners/{partner.id}").get_data(as_text=True)
    assert client.get(f"/activities/reports/{report.id}/photo").status_code == 404
    browser.login("other@example.jp")
    assert client.get(f"/activities/reports/{report.id}/photo").status_code == 404
    assert client.get(f"/activities/{partner.id}/new").status_code == 403
    assert client.get(f"/activities/reports/{report.id}/edit").status_code == 403
    browser.logout()
    browser.login("staff@example.jp")
    assert client.get(f"/activities/reports/{report.id}/photo").status_code == 200
    assert "筑波山の清掃登山" in client.get("/staff/activities/").get_data(as_text=True)


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(app, browser):
    _owner, partner = partner_with_contact(app)
    browser.login("owner@example.jp")
    response = browser.submit(f"/activities/{partner.id}/new",
                              REPORT | {"photo": upload(b"<html><script>alert(1)</script>", "photo.png")},
                              content_type="multipart/form-data")
    assert response.status_code == 400
    assert "JPEG、PNG、GIF、WebP" in response.get_data(as_text=True)
    assert stored_reports(app) == []


def test_bad_values_are_refused_with_a_message_and_nothing_is_saved(app, browser):
    _owner, partner = partner_with_contact(app)
    browser.login("owner@example.jp")
    for change, message in [({"activity_date": "2999-01-01"}, "日付"), ({"title": "  "}, "入力"),
                            ({"participants": "0"}, "1"), ({"kind": "party"}, "選択")]:
        response = browser.submit(f"/activities/{partner.id}/new", REPORT | change)
        assert response.status_code == 400, change
        assert message in response.get_data(as_text=True)
    assert stored_reports(app) == []


def test_only_an_active_partners_contacts_report_for_it(app, client, browser):
    owner = gen_user(app, email="owner@example.jp")
    applied = gen_partner(app, owner=owner, status="applied")
    browser.login("owner@example.jp")
    assert client.get(f"/activities/{applied.id}/new").status_code == 403
    assert client.get("/activities/99999/new").status_code == 404


def test_staff_enter_a_report_from_paper_by_member_number(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    partner = gen_partner(app, kind="group")
    browser.login("staff@example.jp")
    missing = browser.submit("/staff/activities/new", REPORT | {"member_no": "G-09999"})
    assert missing.status_code == 400 and "この会員番号のパートナーはいません" in missing.get_data(as_text=True)
    response = browser.submit("/staff/activities/new", REPORT | {"member_no": partner.member_no},
                              follow_redirects=True)
    assert response.status_code == 200
    [report] = stored_reports(app)
    assert report.partner_id == partner.id and report.source == "staff"


def test_editing_and_deleting_a_report(app, browser):
    _owner, partner = partner_with_contact(app)
    browser.login("owner@example.jp")
    browser.submit(f"/activities/{partner.id}/new", REPORT)
    [report] = stored_reports(app)
    browser.submit(f"/activities/reports/{report.id}/edit", REPORT | {"title": "清掃登山（秋）", "goals": ["15"]})
    [edited] = stored_reports(app)
    assert (edited.title, edited.goals) == ("清掃登山（秋）", [15])
    browser.submit("/activities/", {}, action=f"/activities/reports/{report.id}/delete")
    assert stored_reports(app) == []


def test_withdrawal_erases_the_reports_words_and_photos_and_keeps_the_counts(app, browser):
    _owner, partner = partner_with_contact(app)
    browser.login("owner@example.jp")
    browser.submit(f"/activities/{partner.id}/new", REPORT | {"is_public": "y",
                                                             "photo": upload(png_bytes(), "a.png")},
                   content_type="multipart/form-data")
    assert "筑波山の清掃登山" in every_text_value(app)
    browser.submit(f"/members/{partner.id}/withdraw", {"reason": "転居のため", "confirm": "y"})
    stored = every_text_value(app)
    assert not any(text in stored for text in ("筑波山の清掃登山", "ごみ袋10袋分", "フードバンクつくば"))
    [report] = stored_reports(app)
    assert (report.activity_date.isoformat(), report.kind, report.goals, report.participants) == (
        "2026-10-01", "volunteer", [11, 15], 12)
    assert report.photo is None and not report.is_public
    with app.app_context():
        assert db.session.scalar(select(ActivityPhoto.id)) is None


def test_reports_stay_off_the_public_page_when_the_partner_keeps_its_activities_to_partners(app, client, browser):
    _owner, partner = partner_with_contact(app, visibility={"listing": "public", "activities": "partners",
                                                            "offers_needs": "public", "contact": "private"})
    browser.login("owner@example.jp")
    browser.submit(f"/activities/{partner.id}/new", REPORT | {"is_public": "y"})
    browser.logout()
    assert client.get(f"/activities/partners/{partner.id}").status_code == 404


def test_the_staff_list_runs_the_same_queries_however_many_reports(app, client, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    partners = [gen_partner(app) for _ in range(3)]
    gen_report(app, partners[0].id, REPORT_DAY)
    browser.login("staff@example.jp")
    few = count_queries(app, client, "/staff/activities/")
    for partner in partners:
        for _ in range(5):
            gen_report(app, partner.id, REPORT_DAY)
    assert count_queries(app, client, "/staff/activities/") == few
