"""Check-in at the door: by code (typed any way), by scanned QR code, by name; refusals say why."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from partners.accounts.models import User
from partners.events.models import RegistrationStatus
from partners.events.qr import checkin_link, qr_png, registration_for_token
from partners.events.registration import cancel_registration
from partners.extensions import db
from tests.conftest import csrf_token
from tests.events.attendance_factories import fresh, gen_registration, gen_staff
from tests.events.factories import gen_event
from tests.factories import gen_user


def flashes(response) -> str:
    return " ".join(re.findall(r'<p class="flash flash-\w+">([^<]*)</p>', response.get_data(as_text=True)))


def test_a_code_checks_in_once_and_the_same_code_again_answers_already_with_the_time(app, browser):
    event = gen_event(app, starts_in=timedelta(minutes=30))
    registration = gen_registration(app, event, name="筑波 花子")
    gen_staff(app)
    browser.login("staff@example.jp")
    page = f"/staff/events/{event.id}/check-in"
    typed = f" {registration.check_in_code[:4].lower()}-{registration.check_in_code[4:]} "  # as read from paper

    first = browser.submit(page, {"code": typed}, follow_redirects=True)
    assert "筑波 花子さんの受付が完了しました。" in flashes(first)
    checked = fresh(app, registration.id)
    assert checked.status == RegistrationStatus.ATTENDED
    assert checked.checked_in_by_id is not None and checked.attended_at is not None

    again = browser.submit(page, {"code": registration.check_in_code}, follow_redirects=True)
    local = checked.checked_in_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"筑波 花子さんは{local:%Y/%m/%d} {local.hour}:{local.minute:02d}に受付済みです。" in flashes(again)
    assert fresh(app, registration.id).checked_in_at == checked.checked_in_at


def test_a_code_for_another_event_is_refused_and_nobody_is_checked_in(app, browser):
    event = gen_event(app, title="異常気象と防災対策")
    other = gen_event(app, title="筑波山地域ジオパーク")
    registration = gen_registration(app, other)
    gen_staff(app)
    browser.login("staff@example.jp")

    response = browser.submit(f"/staff/events/{event.id}/check-in", {"code": registration.check_in_code},
                              follow_redirects=True)
    assert "この受付コードは別の講座・交流会（筑波山地域ジオパーク）のものです。" in flashes(response)
    assert fresh(app, registration.id).status == RegistrationStatus.REGISTERED
    unknown = browser.submit(f"/staff/events/{event.id}/check-in", {"code": "ZZZZZZZZ"}, follow_redirects=True)
    assert "この受付コードの申込はありません。" in flashes(unknown)


def test_cancelled_and_waitlisted_registrations_are_refused_with_a_reason(app, browser):
    event = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None, online_url="")
    gen_registration(app, event)
    waiting = gen_registration(app, event)
    assert waiting.status == RegistrationStatus.WAITLISTED
    cancelled = gen_registration(app, gen_event(app))
    with app.test_request_context():
        cancel_registration(cancelled.id, db.session.get(User, cancelled.user_id))
        db.session.commit()
    gen_staff(app)
    browser.login("staff@example.jp")

    refused = browser.submit(f"/staff/events/{event.id}/check-in", {"code": waiting.check_in_code},
                             follow_redirects=True)
    assert "この方はキャンセル待ちで、席が確保されていません。" in flashes(refused)
    refused = browser.submit(f"/staff/events/{cancelled.event_id}/check-in", {"code": cancelled.check_in_code},
                             follow_redirects=True)
    assert "この申込は取り消されています。" in flashes(refused)
    assert fresh(app, waiting.id).status == RegistrationStatus.WAITLISTED
    assert fresh(app, cancelled.id).status == RegistrationStatus.CANCELLED


def test_the_qr_code_carries_a_signed_link_that_names_the_same_registration(app, browser, client):
    event = gen_event(app)
    participant = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    registration = gen_registration(app, event, user=participant)
    with app.test_request_context():
        link = checkin_link(registration.event_id, registration.check_in_code)
    assert link.startswith("http://localhost/staff/events/scan/")

    browser.login("hanako@example.jp")
    svg = client.get(f"/events/registrations/{registration.id}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    page = client.get(f"/events/registrations/{registration.id}").get_data(as_text=True)
    assert f"/events/registrations/{registration.id}/qr.svg" in page
    browser.logout()

    gen_staff(app)
    browser.login("staff@example.jp")
    scanned = client.get(link.removeprefix("http://localhost"))
    assert scanned.status_code == 200 and "筑波 花子" in scanned.get_data(as_text=True)
    assert client.get(link.removeprefix("http://localhost")[:-3] + "abc").status_code == 404
    # The camera scanner puts the QR code's whole content (the link) into the code field.
    done = browser.submit(f"/staff/events/{event.id}/check-in", {"code": link}, follow_redirects=True)
    assert "筑波 花子さんの受付が完了しました。" in flashes(done)
    assert fresh(app, registration.id).status == RegistrationStatus.ATTENDED


def test_only_the_participant_sees_their_qr_code(app, browser, client):
    registration = gen_registration(app, gen_event(app), email="hanako@example.jp")
    gen_user(app, email="other@example.jp")
    browser.login("other@example.jp")
    assert client.get(f"/events/registrations/{registration.id}/qr.svg").status_code == 404


def test_the_confirmation_mail_gives_the_code_the_qr_code_and_the_page_with_it(app, browser, client, outbox):
    registration = gen_registration(app, gen_event(app), email="hanako@example.jp")
    mail = outbox.deliver_one(to="hanako@example.jp")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"受付コード：{registration.check_in_code}" in body and "QRコード" in body
    images = [part for part in mail.iter_attachments() if part.get_content_type() == "image/png"]
    with app.test_request_context():
        assert [image.get_content() for image in images] == [qr_png(registration.event_id, registration.check_in_code)]
        assert registration_for_token(checkin_link(registration.event_id, registration.check_in_code)
                                      .rsplit("/", 1)[1]).id == registration.id
    browser.login("hanako@example.jp")
    page = client.get(link_in_body(body, "/events/registrations/")).get_data(as_text=True)
    assert f"/events/registrations/{registration.id}/qr.svg" in page


def link_in_body(body: str, path_part: str) -> str:
    return re.search(rf"http://localhost(\S*{re.escape(path_part)}\S*)", body).group(1)


def test_staff_find_a_name_in_the_list_and_check_in_without_javascript(app, browser, client):
    event = gen_event(app)
    hanako = gen_registration(app, event, name="筑波 ハナコ")
    taro = gen_registration(app, event, name="谷田部 太郎")
    gen_staff(app)
    browser.login("staff@example.jp")

    found = client.get(f"/staff/events/{event.id}/check-in", query_string={"q": "はなこ"}).get_data(as_text=True)
    assert "筑波 ハナコ" in found and "谷田部 太郎" not in found
    page = f"/staff/events/{event.id}/check-in?q=はなこ"
    response = browser.submit(page, {}, action=f"/staff/events/{event.id}/check-in/{hanako.id}?q=はなこ")
    assert response.status_code == 302 and "q=" in response.headers["Location"]
    assert fresh(app, hanako.id).status == RegistrationStatus.ATTENDED
    assert fresh(app, taro.id).status == RegistrationStatus.REGISTERED
    listed = client.get(f"/staff/events/{event.id}/check-in").get_data(as_text=True)
    assert "受付済み" in listed


def test_check_in_is_for_staff_only(app, browser, client):
    event = gen_event(app)
    registration = gen_registration(app, event, email="hanako@example.jp")
    browser.login("hanako@example.jp")
    assert client.get(f"/staff/events/{event.id}/check-in").status_code == 403
    token = csrf_token(client.get("/").get_data(as_text=True))
    response = client.post(f"/staff/events/{event.id}/check-in",
                           data={"code": registration.check_in_code, "csrf_token": token})
    assert response.status_code == 403
    assert fresh(app, registration.id).status == RegistrationStatus.REGISTERED


def test_the_check_in_page_may_use_the_camera(app, browser, client):
    event = gen_event(app)
    gen_staff(app)
    browser.login("staff@example.jp")
    response = client.get(f"/staff/events/{event.id}/check-in")
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert "js/checkin.js" in response.get_data(as_text=True)
