"""Applying sends the applicant an acknowledgement that says what happens next; the mail is about the partner,
so erasing the partner erases it."""

from sqlalchemy import select

from partners.extensions import db
from partners.members.models import Partner
from partners.outbox.models import OutboxMessage
from tests.factories import gen_user
from tests.members.test_apply import GROUP, INDIVIDUAL


def plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_an_individual_applicant_is_told_to_attend_a_partner_lecture(app, browser, outbox):
    gen_user(app, email="hana@example.jp", name="筑波 花子")
    browser.login("hana@example.jp")
    browser.submit("/members/apply/individual", INDIVIDUAL)
    message = outbox.deliver_one(to="hana@example.jp")
    assert message["Subject"] == "【つくばSDGsパートナーズ】パートナーへのお申込みを受け付けました"
    body = plain(message)
    assert body.startswith("筑波 花子 様")
    assert "パートナー講座にご出席ください" in body
    assert "http://localhost/members/mine" in body
    assert "パートナー講座" in message.get_body(preferencelist=("html",)).get_content()


def test_a_group_applicant_is_told_that_staff_review_it(app, browser, outbox):
    gen_user(app, email="mori@example.jp", name="森 太郎", locale="en")
    browser.login("mori@example.jp")
    browser.submit("/members/apply/group", GROUP)
    message = outbox.deliver_one(to="mori@example.jp")
    assert message["Subject"] == "[Tsukuba SDGs Partners] We have received your partner application"
    body = plain(message)
    assert "for NPO法人 みどりの森 as a group partner" in body
    assert "the programme office reviews the application" in body
    assert "partner lecture" not in body


def test_the_acknowledgement_goes_with_the_withdrawn_application(app, browser, outbox):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    browser.submit("/members/apply/individual", INDIVIDUAL)
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id))
        assert db.session.scalar(select(OutboxMessage.about)) == f"partner:{partner_id}"
    browser.submit(f"/members/{partner_id}/withdraw", {"confirm": "y"})
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []
