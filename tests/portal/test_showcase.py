"""A showcase entry (連携事例) is public only after both partners consented to its text and staff approved it;
any change asks the other side again."""

import io

from sqlalchemy import func, select

from partners.accounts.models import Role
from partners.extensions import db
from partners.portal.models import ShowcaseEntry, ShowcaseStatus
from tests.factories import gen_partner, gen_user
from tests.portal.factories import PNG, gen_collaboration


def collaborators(app):
    kodomo, farm = gen_user(app, email="kodomo@example.jp"), gen_user(app, email="farm@example.jp")
    sender = gen_partner(app, kind="group", owner=kodomo, name="こども食堂つくば", name_kana="コドモショクドウ")
    recipient = gen_partner(app, kind="group", owner=farm, name="筑波農園", name_kana="ツクバノウエン")
    return gen_collaboration(app, sender, recipient, kodomo, farm)


def write(browser, collaboration_id: int, title="農園の野菜で子ども食堂"):
    return browser.submit(f"/collaborate/{collaboration_id}/showcase",
                          {"title": title, "body": "毎月一回、農園の野菜で食堂を開いています。", "goals": ["2", "17"],
                           "image": (io.BytesIO(PNG), "photo.png")},
                          content_type="multipart/form-data", follow_redirects=True)


def entry(app) -> ShowcaseEntry:
    with app.app_context():
        found = db.session.scalar(select(ShowcaseEntry).order_by(ShowcaseEntry.id.desc()))
        db.session.expunge(found)
        return found


def test_an_entry_is_published_after_both_consents_and_staff_approval(app, browser, client):
    collaboration_id = collaborators(app)
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("kodomo@example.jp")
    assert "相手のパートナーが同意し" in write(browser, collaboration_id).get_data(as_text=True)
    assert entry(app).status == ShowcaseStatus.DRAFT
    assert "農園の野菜で子ども食堂" not in client.get("/showcase/").get_data(as_text=True)

    browser.logout()
    browser.login("farm@example.jp")
    page = browser.client.get(f"/collaborate/{collaboration_id}").get_data(as_text=True)
    assert "この事例の公開に同意する" in page
    browser.submit(f"/collaborate/{collaboration_id}", {},
                   action=f"/collaborate/{collaboration_id}/showcase/consent")
    assert entry(app).status == ShowcaseStatus.AWAITING_APPROVAL
    assert "農園の野菜で子ども食堂" not in client.get("/showcase/").get_data(as_text=True)

    browser.logout()
    browser.login("staff@example.jp")
    entry_id = entry(app).id
    assert "農園の野菜で子ども食堂" in browser.client.get("/staff/collaborations/showcase").get_data(as_text=True)
    assert browser.client.get(f"/staff/collaborations/showcase/{entry_id}/image").data == PNG
    assert client.get(f"/showcase/{entry_id}/image").status_code == 404, "not public before approval"
    browser.submit("/staff/collaborations/showcase", {},
                   action=f"/staff/collaborations/showcase/{entry_id}/approve")
    public = client.get("/showcase/").get_data(as_text=True)
    assert "農園の野菜で子ども食堂" in public and "こども食堂つくば × 筑波農園" in public
    assert client.get(f"/showcase/{entry_id}/image").data == PNG


def test_editing_a_published_entry_takes_it_down_until_the_other_side_consents_again(app, browser, client):
    collaboration_id = collaborators(app)
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    from tests.portal.factories import gen_showcase

    with app.app_context():
        from partners.accounts.models import User

        kodomo = db.session.scalar(select(User).where(User.email == "kodomo@example.jp"))
        farm = db.session.scalar(select(User).where(User.email == "farm@example.jp"))
        db.session.expunge_all()
    entry_id = gen_showcase(app, collaboration_id, kodomo, farm, staff)
    assert client.get(f"/showcase/{entry_id}").status_code == 200
    browser.login("farm@example.jp")
    write(browser, collaboration_id, title="書き直した事例")
    assert client.get(f"/showcase/{entry_id}").status_code == 404
    changed = entry(app)
    assert changed.recipient_consented_at is not None and changed.sender_consented_at is None


def test_only_the_collaborators_write_and_only_for_an_accepted_collaboration(app, browser):
    kodomo, farm = gen_user(app, email="kodomo@example.jp"), gen_user(app, email="farm@example.jp")
    sender = gen_partner(app, kind="group", owner=kodomo, name="こども食堂つくば", name_kana="コドモショクドウ")
    recipient = gen_partner(app, kind="group", owner=farm, name="筑波農園", name_kana="ツクバノウエン")
    pending = gen_collaboration(app, sender, recipient, kodomo)
    gen_user(app, email="other@example.jp")
    browser.login("kodomo@example.jp")
    assert browser.client.get(f"/collaborate/{pending}/showcase").status_code == 404
    browser.logout()
    browser.login("other@example.jp")
    assert browser.client.get(f"/collaborate/{pending}/showcase").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(ShowcaseEntry.id))) == 0
