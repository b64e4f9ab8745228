"""Applying through HTTP: a draft, submission before the deadline with a confirmation mail, a late submission
refused with the draft kept, and attachments checked from their content, stripped of EXIF, limited in size and
served only to the applicant and staff, as a download with a generated name."""

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import select, update

from partners.awards.models import AwardApplication, AwardAttachment, AwardRound
from partners.core.timeutil import utcnow
from partners.extensions import db
from tests.awards.factories import gen_application, gen_round, gen_staff
from tests.factories import gen_user

FORM = {"title": "コンポストで生ごみゼロ", "summary": "家庭の生ごみを堆肥にする講習会",
        "description": "月2回、地区の集会所で。",
        "goals": ["12", "15"], "group_name": "桜コンポスト倶楽部", "contact_name": "筑波 花子",
        "contact_email": "hanako@example.jp", "contact_phone": "", "publish_name": "y", "partner": "0"}


def png_bytes(exif: bool = False) -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    output = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x8825] = {1: "N", 2: (36.0, 5.0, 0.0), 3: "E", 4: (140.0, 6.0, 0.0)}  # GPS position
        data[0x010E] = "secret location"
        image.save(output, "JPEG", exif=data)
    else:
        image.save(output, "PNG")
    return output.getvalue()


def test_a_person_saves_a_draft_then_submits_it_and_is_mailed_once(app, browser, outbox):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    gen_user(app, email="hanako@example.jp", name="筑波 花子")
    browser.login("hanako@example.jp")
    page = f"/awards/{round_.id}/apply"
    response = browser.submit(page, FORM | {"category": str(round_.categories[0].id), "save": "y"})
    assert response.status_code == 302
    with app.app_context():
        application = db.session.scalar(select(AwardApplication))
        assert application.status == "draft" and application.goals == "12,15"
    assert outbox.deliver() == []
    edit = f"/awards/applications/{application.id}/edit"
    response = browser.submit(edit, FORM | {"category": str(round_.categories[0].id), "submit_application": "y"})
    assert response.status_code == 302
    mail = outbox.deliver_one(to="hanako@example.jp")
    assert "コンポストで生ごみゼロ" in mail.get_body(preferencelist=("plain",)).get_content()
    browser.submit(edit, FORM | {"category": str(round_.categories[0].id), "title": "コンポスト講習会",
                                 "submit_application": "y"})
    assert outbox.deliver() == [], "editing a submitted application before the deadline mails nothing more"
    with app.app_context():
        assert db.session.get(AwardApplication, application.id).title == "コンポスト講習会"


def test_submitting_without_the_required_fields_is_refused_field_by_field(app, browser):
    round_ = gen_round(app, gen_staff(app))
    gen_user(app, email="hanako@example.jp")
    browser.login("hanako@example.jp")
    response = browser.submit(f"/awards/{round_.id}/apply", {"title": "題名だけ", "submit_application": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "提出するには入力が必要です" in html
    with app.app_context():
        assert db.session.scalar(select(AwardApplication)) is None


def test_a_submission_one_second_late_is_refused_and_the_draft_is_kept(app, browser):
    round_ = gen_round(app, gen_staff(app))
    person = gen_user(app, email="hanako@example.jp")
    draft = gen_application(app, round_, applicant=person, submit=False, title="下書きの題名")
    with app.app_context():
        db.session.execute(update(AwardRound).values(closes_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    browser.login("hanako@example.jp")
    response = browser.client.post(f"/awards/applications/{draft.id}/edit", data={
        **FORM, "category": str(round_.categories[0].id), "title": "締切後に変えた題名", "submit_application": "y",
        "csrf_token": _token(browser, f"/awards/applications/{draft.id}")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "締切を過ぎたため" in html and "下書きは保存されています" in html
    assert "締切後に変えた題名" in html, "what was typed stays on the screen"
    with app.app_context():
        kept = db.session.get(AwardApplication, draft.id)
        assert (kept.status, kept.title) == ("draft", "下書きの題名")


def test_an_attachment_is_judged_by_its_content_not_its_name(app, browser):
    round_ = gen_round(app, gen_staff(app))
    person = gen_user(app, email="hanako@example.jp")
    application = gen_application(app, round_, applicant=person)
    browser.login("hanako@example.jp")
    page = f"/awards/applications/{application.id}"
    refused = browser.submit(page, {"file": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "photo.jpg",
                                             "image/jpeg")}, action=f"{page}/attachments", follow_redirects=True)
    assert "JPEG・PNG画像とPDFのみ" in refused.get_data(as_text=True)
    accepted = browser.submit(page, {"file": (io.BytesIO(png_bytes()), "report.pdf", "application/pdf")},
                              action=f"{page}/attachments", follow_redirects=True)
    assert "ファイルを添付しました" in accepted.get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalars(select(AwardAttachment)).all()
        assert [(a.content_type, a.extension, a.original_name) for a in stored] == [("image/png", "png", "report.pdf")]


def test_photos_lose_their_exif_location(app, browser):
    round_ = gen_round(app, gen_staff(app))
    application = gen_application(app, round_, applicant=gen_user(app, email="hanako@example.jp"))
    original = png_bytes(exif=True)
    assert Image.open(io.BytesIO(original)).getexif()
    browser.login("hanako@example.jp")
    page = f"/awards/applications/{application.id}"
    browser.submit(page, {"file": (io.BytesIO(original), "IMG_0001.JPG", "image/jpeg")}, action=f"{page}/attachments")
    with app.app_context():
        content = db.session.scalar(select(AwardAttachment.content))
    assert b"secret location" not in content and b"Exif" not in content
    assert not Image.open(io.BytesIO(content)).getexif()


def test_size_limits_per_file_and_per_application(app, browser):
    app.config.update(AWARD_MAX_FILE_BYTES=3000, AWARD_MAX_APPLICATION_BYTES=5000)
    round_ = gen_round(app, gen_staff(app))
    application = gen_application(app, round_, applicant=gen_user(app, email="hanako@example.jp"))
    browser.login("hanako@example.jp")
    page = f"/awards/applications/{application.id}"
    pdf = b"%PDF-1.4\n" + b"0" * 2500
    for _ in range(2):
        browser.submit(page, {"file": (io.BytesIO(pdf), "a.pdf", "application/pdf")}, action=f"{page}/attachments")
    big = browser.submit(page, {"file": (io.BytesIO(b"%PDF-1.4\n" + b"0" * 4000), "b.pdf", "application/pdf")},
                         action=f"{page}/attachments", follow_redirects=True)
    assert "1ファイルの大きさは" in big.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(AwardAttachment.id)).all()) == 1, "the second went over 5,000 bytes"


def test_attachments_download_only_to_the_applicant_and_staff_with_a_generated_name(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    application = gen_application(app, round_, applicant=gen_user(app, email="hanako@example.jp"))
    browser.login("hanako@example.jp")
    page = f"/awards/applications/{application.id}"
    browser.submit(page, {"file": (io.BytesIO(png_bytes()), "山田家の写真.png", "image/png")},
                   action=f"{page}/attachments")
    with app.app_context():
        attachment_id = db.session.scalar(select(AwardAttachment.id))
    response = browser.client.get(f"/awards/attachments/{attachment_id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=application-{application.id}-{attachment_id}.png")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    browser.logout()
    gen_user(app, email="other@example.jp")
    browser.login("other@example.jp")
    assert browser.client.get(f"/awards/attachments/{attachment_id}").status_code == 403
    assert browser.client.get(page).status_code == 403
    browser.logout()
    browser.login("staff@example.jp")
    assert browser.client.get(f"/awards/attachments/{attachment_id}").status_code == 200


def _token(browser, page: str) -> str:
    from tests.conftest import csrf_token

    return csrf_token(browser.client.get(page).get_data(as_text=True))
