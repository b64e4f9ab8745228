"""Deleting an account erases the person's award applications everywhere (every string column of every table
is scanned): a draft goes, a judged application keeps only its numbers, and a published award keeps only what
was published. A deleted judge's scores stay, unlinked, so the decided figures stay explainable."""

import io

from sqlalchemy import select

from partners.awards.models import AwardApplication, AwardAttachment, ScoreSheet
from partners.extensions import db
from tests.awards.test_applications import png_bytes
from tests.awards.test_decision import decide, scored  # noqa: F401 - the fixture
from tests.factories import PASSWORD, gen_user
from tests.members.test_account_erasure import references_to_user
from tests.members.test_withdraw import every_text_value


def delete_account(browser, email: str) -> None:
    browser.logout()
    browser.login(email)
    response = browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"},
                              action="/accounts/settings/delete")
    assert response.status_code == 302


def test_a_deleted_applicant_leaves_only_the_published_award(app, browser, outbox, scored):  # noqa: F811
    browser.login("staff@example.jp")
    decide(browser, scored)
    round_id = scored["round"].id
    browser.submit(f"/staff/awards/{round_id}", {}, action=f"/staff/awards/{round_id}/publish")
    outbox.deliver()
    winner, loser = scored["applications"][0], scored["applications"][2]
    with app.app_context():
        db.session.get(AwardApplication, winner.id).description = "代表の応募 0（090-1111-2222）が始めた"
        db.session.commit()
    for n in (0, 2):
        delete_account(browser, f"applicant{n}@example.jp")

    stored = every_text_value(app)
    gone = ["applicant0@example.jp", "applicant2@example.jp", "090-1111-2222", "リユース食器", "団体2"]
    assert [text for text in gone if text in stored] == []
    assert references_to_user(app, scored["people"][0].id) == []
    with app.app_context():
        kept = db.session.get(AwardApplication, winner.id)
        assert (kept.title, kept.group_name, kept.status) == ("多国籍子育て支援", "団体0", "awarded")
        assert kept.contact_email == "" and kept.description == ""
        assert len(db.session.scalars(select(AwardAttachment.id).where(
            AwardAttachment.application_id == winner.id)).all()) == 1, "the published photo stays"
        erased = db.session.get(AwardApplication, loser.id)
        assert erased.title == "（削除済み）" and erased.status == "not_awarded"
        assert len(db.session.scalars(select(ScoreSheet.id).where(ScoreSheet.application_id == loser.id)).all()) == 2
    public = browser.client.get(f"/awards/{round_id}").get_data(as_text=True)
    assert "多国籍子育て支援" in public and "団体0" in public
    assert browser.client.get(f"/awards/{round_id}/winners/{winner.id}/photo").status_code == 200


def test_a_deleted_draft_applicant_leaves_nothing(app, browser, outbox):
    from tests.awards.factories import gen_application, gen_round, gen_staff

    round_ = gen_round(app, gen_staff(app))
    person = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    application = gen_application(app, round_, applicant=person, submit=False, title="花子の下書き",
                                  group_name="花子の会")
    browser.login("hanako@example.jp")
    page = f"/awards/applications/{application.id}"
    browser.submit(page, {"file": (io.BytesIO(png_bytes()), "hanako.png", "image/png")}, action=f"{page}/attachments")
    delete_account(browser, "hanako@example.jp")
    stored = every_text_value(app)
    assert [text for text in ("筑波 花子", "hanako@example.jp", "花子の下書き", "花子の会", "hanako.png")
            if text in stored] == []
    with app.app_context():
        assert db.session.scalar(select(AwardApplication.id)) is None
        assert db.session.scalar(select(AwardAttachment.id)) is None


def test_a_deleted_judge_is_unlinked_and_their_scores_still_count(app, browser, scored):  # noqa: F811
    judge = scored["judges"][0]
    delete_account(browser, "a@example.jp")
    assert references_to_user(app, judge.id) == []
    assert "審査 A" not in every_text_value(app)
    with app.app_context():
        assert len(db.session.scalars(select(ScoreSheet.id).where(ScoreSheet.judge_id.is_(None))).all()) == 3
    browser.logout()
    browser.login("staff@example.jp")
    html = browser.client.get(f"/staff/awards/{scored['round'].id}/results").get_data(as_text=True)
    assert "14.00" in html
