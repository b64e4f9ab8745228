"""Online attendance (ticks, the meeting tool's list), finishing an event, certification exactly once, and the
attendance certificate."""

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from partners.accounts.models import User
from partners.audit.models import AuditEntry
from partners.events import publishing
from partners.events.models import Event, RegistrationStatus
from partners.extensions import db
from partners.members import lifecycle
from partners.members.models import Partner, PartnerStatus, PartnerStatusChange
from tests.events.attendance_factories import fresh, gen_registration, gen_staff
from tests.events.factories import gen_event
from tests.factories import gen_partner, gen_user

ONLINE = {"format": "online", "capacity_in_person": None, "capacity_online": 100, "venue": "", "venue_address": ""}


def staff_browser(app, browser):
    staff = gen_staff(app)
    browser.login(staff.email)
    return staff


def test_staff_tick_online_attendees_in_one_post(app, browser):
    event = gen_event(app, **ONLINE)
    first, second, third = (gen_registration(app, event, mode="online") for _ in range(3))
    staff_browser(app, browser)
    page = f"/staff/events/{event.id}/attendance"

    response = browser.submit(page, {"attendees": [first.id, third.id]}, follow_redirects=True)
    assert "2人の出席を記録しました。" in response.get_data(as_text=True)
    assert [fresh(app, r.id).status for r in (first, second, third)] == [
        RegistrationStatus.ATTENDED, RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED]
    junk = browser.submit(page, {"attendees": ["99999999999999999999"]}, follow_redirects=True)
    assert "1人以上チェックしてください。" in junk.get_data(as_text=True)


def upload(browser, event_id: int, content: bytes, skip: bool = False):
    data = {"file": (io.BytesIO(content), "participants.csv")}
    if skip:
        data["skip_unmatched"] = "y"
    return browser.submit(f"/staff/events/{event_id}/attendance", data,
                          action=f"/staff/events/{event_id}/attendance/list", content_type="multipart/form-data")


def test_the_meeting_tools_list_records_attendance_and_reports_lines_that_match_nobody(app, browser):
    event = gen_event(app, **ONLINE)
    hanako = gen_registration(app, event, mode="online", email="hanako@example.jp")
    taro = gen_registration(app, event, mode="online", email="taro@example.jp")
    staff_browser(app, browser)
    listing = "名前,メールアドレス,参加時刻\n筑波 花子,HANAKO@example.jp,10:00\n知らない 人,guest@example.jp,10:01\n"

    refused = upload(browser, event.id, listing.encode("cp932"))
    page = refused.get_data(as_text=True)
    assert "出席は記録されませんでした" in page
    assert "3行目: guest@example.jp に一致する申込者はいません。" in page
    assert fresh(app, hanako.id).status == RegistrationStatus.REGISTERED

    recorded = upload(browser, event.id, ("\ufeff" + listing + "筑波 花子,hanako@example.jp,10:30\n").encode(),
                      skip=True)
    page = recorded.get_data(as_text=True)
    assert "出席を記録しました：新たに1人、記録済み0人" in page
    assert "3行目: guest@example.jp" in page
    assert fresh(app, hanako.id).status == RegistrationStatus.ATTENDED
    assert fresh(app, taro.id).status == RegistrationStatus.REGISTERED


def test_a_list_that_is_not_text_changes_nothing(app, browser):
    event = gen_event(app, **ONLINE)
    staff_browser(app, browser)
    page = upload(browser, event.id, b"\xff\xfe\x00a").get_data(as_text=True)
    assert "出席は記録されませんでした" in page


def started(app, event_id: int) -> None:
    """The event began ten minutes ago (it was made to start in a few minutes): it can be finished."""
    with app.app_context():
        db.session.get(Event, event_id).starts_at -= timedelta(minutes=10)
        db.session.commit()


def finish(app, event_id: int, staff_id: int) -> None:
    with app.test_request_context():
        publishing.finish_event(event_id, db.session.get(User, staff_id))
        db.session.commit()


def test_finishing_an_event_turns_the_rest_into_no_shows(app, browser):
    event = gen_event(app, starts_in=timedelta(minutes=5))
    came, stayed_away = gen_registration(app, event), gen_registration(app, event)
    staff_browser(app, browser)
    browser.submit(f"/staff/events/{event.id}/check-in", {"code": came.check_in_code})
    started(app, event.id)

    response = browser.submit(f"/staff/events/{event.id}", {}, action=f"/staff/events/{event.id}/finish")
    assert response.status_code == 302
    assert fresh(app, came.id).status == RegistrationStatus.ATTENDED
    assert fresh(app, stayed_away.id).status == RegistrationStatus.NO_SHOW


def test_a_certifying_lecture_certifies_exactly_once_however_attendance_is_recorded(app, browser, outbox):
    person = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    partner = gen_partner(app, status="applied", owner=person)
    event = gen_event(app, certifies=True, starts_in=timedelta(minutes=5))
    registration = gen_registration(app, event, user=person)
    staff = staff_browser(app, browser)
    outbox.deliver()  # the application and registration mail

    checkin = f"/staff/events/{event.id}/check-in"
    first = browser.submit(checkin, {"code": registration.check_in_code}, follow_redirects=True)
    assert "パートナーに認定されました（会員番号 I-00001）" in first.get_data(as_text=True)
    browser.submit(checkin, {"code": registration.check_in_code})
    base = f"/staff/events/{event.id}/attendance/{registration.id}"
    browser.submit(f"/staff/events/{event.id}/attendance", {}, action=f"{base}/no_show")
    assert fresh(app, registration.id).status == RegistrationStatus.NO_SHOW
    browser.submit(f"/staff/events/{event.id}/attendance", {}, action=f"{base}/attended")
    browser.submit(checkin, {"code": registration.check_in_code})
    started(app, event.id)
    finish(app, event.id, staff.id)

    welcome = [m for m in outbox.deliver() if m["To"] == "hanako@example.jp"]
    assert len(welcome) == 1 and "I-00001" in welcome[0].get_body(preferencelist=("plain",)).get_content()
    with app.app_context():
        certified = db.session.get(Partner, partner.id)
        assert certified.status == PartnerStatus.ACTIVE and certified.member_no == "I-00001"
        activations = db.session.scalars(select(PartnerStatusChange).where(
            PartnerStatusChange.partner_id == partner.id, PartnerStatusChange.to_status == PartnerStatus.ACTIVE)).all()
        assert len(activations) == 1 and "生物多様性" in activations[0].reason


def test_finishing_certifies_an_attendee_who_applied_after_check_in(app, browser, outbox):
    person = gen_user(app, email="hanako@example.jp")
    event = gen_event(app, certifies=True, starts_in=timedelta(minutes=5))
    registration = gen_registration(app, event, user=person)
    staff = staff_browser(app, browser)
    browser.submit(f"/staff/events/{event.id}/check-in", {"code": registration.check_in_code})
    partner = gen_partner(app, status="applied", owner=person)
    started(app, event.id)
    finish(app, event.id, staff.id)
    with app.app_context():
        assert db.session.get(Partner, partner.id).status == PartnerStatus.ACTIVE


def test_a_suspended_partner_is_not_reinstated_by_attending(app, browser):
    person = gen_user(app, email="hanako@example.jp")
    partner = gen_partner(app, status="applied", owner=person)
    event = gen_event(app, certifies=True)
    registration = gen_registration(app, event, user=person)
    with app.test_request_context():
        suspended = db.session.get(Partner, partner.id)
        lifecycle.certify_individual(suspended, None, "staff")
        lifecycle.suspend(suspended, None, "staff")
        db.session.commit()
    staff_browser(app, browser)
    browser.submit(f"/staff/events/{event.id}/check-in", {"code": registration.check_in_code})
    with app.app_context():
        assert db.session.get(Partner, partner.id).status == PartnerStatus.SUSPENDED


def test_attendance_corrections_are_recorded_with_who_and_when(app, browser):
    event = gen_event(app)
    registration = gen_registration(app, event)
    staff = staff_browser(app, browser)
    browser.submit(f"/staff/events/{event.id}/check-in", {"code": registration.check_in_code})
    browser.submit(f"/staff/events/{event.id}/attendance", {},
                   action=f"/staff/events/{event.id}/attendance/{registration.id}/no_show")
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.target_type == "registration", AuditEntry.target_id == registration.id)
            .order_by(AuditEntry.id)).all()
        assert [(e.action, e.actor_id) for e in entries] == [
            ("registration.attended", staff.id), ("registration.no_show", staff.id)]
        assert all(e.at is not None for e in entries)
    corrected = fresh(app, registration.id)
    assert corrected.status == RegistrationStatus.NO_SHOW and corrected.checked_in_at is None
    again = browser.submit(f"/staff/events/{event.id}/attendance", {}, follow_redirects=True,
                           action=f"/staff/events/{event.id}/attendance/{registration.id}/no_show")
    assert "「欠席」に訂正できるのは、出席済みの申込だけです。" in again.get_data(as_text=True)


def test_the_attendance_certificate_is_for_the_participant_and_only_once_attended(app, browser, client):
    person = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    gen_partner(app, status="applied", owner=person)
    event = gen_event(app, certifies=True, title="生物多様性 パートナー講座")
    registration = gen_registration(app, event, user=person)
    certificate = f"/events/registrations/{registration.id}/certificate"

    browser.login("hanako@example.jp")
    assert client.get(certificate).status_code == 404
    browser.logout()
    staff_browser(app, browser)
    browser.submit(f"/staff/events/{event.id}/check-in", {"code": registration.check_in_code})
    assert client.get(certificate).status_code == 404  # staff are not the participant
    browser.logout()
    gen_user(app, email="other@example.jp")
    browser.login("other@example.jp")
    assert client.get(certificate).status_code == 404
    browser.logout()
    assert client.get(certificate).status_code == 302  # to the login page

    browser.login("hanako@example.jp")
    page = client.get(certificate).get_data(as_text=True)
    local = event.starts_at.astimezone(ZoneInfo("Asia/Tokyo"))
    for text in ("参加証明書", "つくばSDGsパートナーズ", "生物多様性 パートナー講座", "筑波 花子", "I-00001",
                 f"{local.year}年{local.month}月{local.day}日", "js/print.js"):
        assert text in page, text
    assert "参加証明書" in client.get(f"/events/registrations/{registration.id}").get_data(as_text=True)
