"""Invitations to a group's co-contacts: recorded, mailed as a signed link that works once, revocable."""

from datetime import UTC, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select

from partners.accounts.models import Role
from partners.accounts.tokens import read_token
from partners.audit.models import AuditEntry
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members import contacts, lifecycle
from partners.members.models import ContactInvitation, ContactRole, Partner
from partners.outbox.models import OutboxMessage
from tests.conftest import VISITOR_TOKEN_PAGE, link_in
from tests.factories import gen_partner, gen_user
from tests.members.contact_helpers import (
    GROUP,
    add_contact,
    change_role,
    contact_id_of,
    invitation_id_of,
    invitation_link,
    invitations_in,
    invite,
    page_of,
    remove,
    revoke,
    roles_in,
    text,
)


def test_invitation_mail_link_works_once_for_the_invited_account(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group, role="owner")
    mika = gen_user(app, email="mika@example.jp", name="Mika Mori", locale="en")
    browser.login("mika@example.jp")

    shown = text(browser.client.get(url))
    assert GROUP in shown
    assert "Owner Oda invites you to manage" in shown
    assert "Owner" in shown

    response = browser.submit(url, {}, follow_redirects=True)
    assert f"You are now a contact of {GROUP}." in text(response)
    assert roles_in(app, group) == {"owner@example.jp": "owner", "mika@example.jp": "owner"}
    assert contact_id_of(app, group, mika) is not None

    again = browser.client.get(url)
    assert again.status_code == 400
    assert "already a contact" in text(again)
    assert browser.submit(url, {}).status_code == 400
    assert len(roles_in(app, group)) == 2


def test_invitation_mail_follows_the_inviters_language(app, browser, outbox, group):
    invitation_link(app, browser, outbox, group)
    add_contact(app, group, gen_user(app, email="ja.owner@example.jp", locale="ja"), "owner")
    browser.login("ja.owner@example.jp")
    invite(browser, group, "ken@example.jp")
    with app.app_context():
        sent = {row.recipient: row for row in db.session.scalars(select(OutboxMessage))}
    assert sent["mika@example.jp"].locale == "en"
    assert sent["mika@example.jp"].subject == f"[Tsukuba SDGs Partners] Invitation to manage {GROUP}"
    assert sent["ken@example.jp"].locale == "ja"


def test_an_invitation_is_addressed_to_the_normalised_e_mail(app, browser, outbox, group):
    browser.login("owner@example.jp")
    invite(browser, group, "  ＭＩＫＡ@Example.JP ")
    subject = outbox.deliver_one(to="mika@example.jp")["Subject"]
    assert subject == f"[Tsukuba SDGs Partners] Invitation to manage {GROUP}"


def test_another_account_cannot_accept_the_invitation(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    gen_user(app, email="someone.else@example.jp", locale="en")
    browser.login("someone.else@example.jp")

    response = browser.client.get(url)
    assert response.status_code == 400
    assert "This invitation was sent to another e-mail address" in text(response)
    assert "mika@example.jp" not in text(response)
    response = browser.submit(url, {})
    assert response.status_code == 400
    assert set(roles_in(app, group)) == {"owner@example.jp"}


def test_expired_invitation_is_refused(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    app.config["INVITATION_MAX_AGE_SECONDS"] = -1

    response = browser.client.get(url)
    assert response.status_code == 400
    assert "This invitation link is invalid or has expired" in text(response)
    assert set(roles_in(app, group)) == {"owner@example.jp"}


def test_tampered_invitation_is_refused(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    response = browser.client.get(url[:-3] + "xyz")
    assert response.status_code == 400
    assert "This invitation link is invalid or has expired" in text(response)


def test_anonymous_invitee_logs_in_and_comes_back_to_the_invitation(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    path = url.removeprefix("http://localhost")
    response = browser.client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/accounts/login?next={quote(path, safe='')}"

    gen_user(app, email="mika@example.jp", locale="en")
    response = browser.submit(response.headers["Location"], {"email": "mika@example.jp",
                                                             "password": "correct-horse-battery"})
    assert response.headers["Location"] == path


def test_an_invitation_lapses_when_the_inviter_is_no_longer_an_owner(app, browser, outbox, group, owner):
    url = invitation_link(app, browser, outbox, group)
    other_owner = gen_user(app, email="other.owner@example.jp", locale="en")
    add_contact(app, group, other_owner, "owner")
    browser.login("other.owner@example.jp")
    change_role(browser, group, contact_id_of(app, group, owner), "editor")
    browser.logout()

    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    response = browser.submit(url, {})
    assert response.status_code == 400
    assert "The person who invited you can no longer manage" in text(response)
    assert "mika@example.jp" not in roles_in(app, group)


def test_inviting_someone_who_is_already_a_contact_is_refused(app, browser, outbox, group):
    editor = gen_user(app, email="editor@example.jp")
    add_contact(app, group, editor)
    browser.login("owner@example.jp")
    response = invite(browser, group, "Editor@example.jp")
    assert response.status_code == 400
    assert "editor@example.jp is already a contact of this group." in text(response)
    assert outbox.deliver() == []


def test_invitation_needs_a_valid_address_and_role(app, browser, outbox, group):
    browser.login("owner@example.jp")
    assert invite(browser, group, "not-an-address").status_code == 400
    assert invite(browser, group, "mika@example.jp", role="admin").status_code == 400
    assert outbox.deliver() == []


def test_withdrawing_a_group_erases_its_unsent_invitations(app, browser, outbox, group):
    browser.login("owner@example.jp")
    invite(browser, group, "mika@example.jp")
    with app.test_request_context():
        lifecycle.withdraw(db.session.get(Partner, group.id), None, "test")
        db.session.commit()
    assert [m for m in outbox.deliver() if m["To"] == "mika@example.jp"] == []
    assert invitations_in(app, group) == []


def test_an_invitation_link_carries_only_the_invitations_id(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    with app.app_context():
        payload = read_token(contacts.INVITATION, url.rsplit("/", 1)[1],
                             max_age=app.config["INVITATION_MAX_AGE_SECONDS"])
    assert payload == {"id": invitation_id_of(app, group, "mika@example.jp")}


def test_a_used_link_is_refused_even_after_the_contact_was_removed(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    mika = gen_user(app, email="mika@example.jp", name="Mika Mori", locale="en")
    browser.login("mika@example.jp")
    browser.submit(url, {})
    with app.app_context():
        accepted = db.session.get(ContactInvitation, invitation_id_of(app, group, "mika@example.jp"))
        assert accepted.accepted_by_id == mika.id and accepted.accepted_at is not None
    browser.logout()

    browser.login("owner@example.jp")
    remove(browser, group, contact_id_of(app, group, mika))
    browser.logout()
    assert set(roles_in(app, group)) == {"owner@example.jp"}

    browser.login("mika@example.jp")
    response = browser.client.get(url)
    assert response.status_code == 400
    assert "This invitation has already been used." in text(response)
    response = browser.submit(url, {})
    assert response.status_code == 400
    assert "This invitation has already been used." in text(response)
    assert set(roles_in(app, group)) == {"owner@example.jp"}


def test_an_owner_revokes_an_invitation_and_its_link_is_refused(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    browser.login("owner@example.jp")
    response = revoke(browser, group, invitation_id_of(app, group, "mika@example.jp"))
    assert response.status_code == 302
    assert response.headers["Location"] == page_of(group)
    page = text(browser.client.get(page_of(group)))
    assert "The invitation to mika@example.jp has been revoked." in page
    assert "Pending invitations" not in page
    assert invitations_in(app, group) == [("mika@example.jp", "editor", "revoked")]
    browser.logout()

    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    response = browser.client.get(url)
    assert response.status_code == 400
    assert "This invitation has been revoked." in text(response)
    assert browser.submit(url, {}).status_code == 400
    assert set(roles_in(app, group)) == {"owner@example.jp"}


def test_an_invitation_that_is_no_longer_pending_cannot_be_revoked(app, browser, outbox, group):
    url = invitation_link(app, browser, outbox, group)
    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    browser.submit(url, {})
    browser.logout()

    browser.login("owner@example.jp")
    response = revoke(browser, group, invitation_id_of(app, group, "mika@example.jp"), follow_redirects=True)
    assert "This invitation has already been accepted or revoked." in text(response)
    assert invitations_in(app, group) == [("mika@example.jp", "editor", "accepted")]
    assert "mika@example.jp" in roles_in(app, group)


def test_pending_invitations_are_listed_for_owners_and_not_for_editors(app, browser, outbox, group):
    invitation_link(app, browser, outbox, group, email="mika@example.jp", role="owner")
    invitation_link(app, browser, outbox, group, email="ken@example.jp")
    invitation_link(app, browser, outbox, group, email="old@example.jp")
    invitation_link(app, browser, outbox, group, email="gone@example.jp")
    sent = utcnow().replace(hour=16, minute=5, second=0, microsecond=0) - timedelta(days=1)
    with app.app_context():
        for invitation in db.session.scalars(select(ContactInvitation)):
            if invitation.email == "mika@example.jp":
                invitation.created_at = sent  # 01:05 the next day in Tokyo
            elif invitation.email == "old@example.jp":
                invitation.created_at = utcnow() - timedelta(days=8)
            elif invitation.email == "gone@example.jp":
                invitation.revoked_at = utcnow()
        db.session.commit()
    add_contact(app, group, gen_user(app, email="editor@example.jp", name="Eri Endo", locale="en"))

    browser.login("owner@example.jp")
    page = text(browser.client.get(page_of(group)))
    pending = page[page.index("Pending invitations"):page.index("Invite a co-contact")]
    assert "mika@example.jp" in pending and "ken@example.jp" in pending
    assert "old@example.jp" not in pending and "gone@example.jp" not in pending
    assert pending.count("Owner Oda") == 2
    assert "Owner" in pending and "Editor" in pending
    assert format_datetime(sent, "short", tzinfo=ZoneInfo("Asia/Tokyo"), locale="en") in pending
    assert format_datetime(sent, "short", tzinfo=UTC, locale="en") not in pending
    assert pending.index("mika@example.jp") < pending.index("ken@example.jp")
    browser.logout()

    browser.login("editor@example.jp")
    page = text(browser.client.get(page_of(group)))
    assert "Pending invitations" not in page
    assert "mika@example.jp" not in page and "ken@example.jp" not in page


def test_only_managers_may_revoke_an_invitation(app, browser, outbox, group):
    invitation_link(app, browser, outbox, group)
    invitation_id = invitation_id_of(app, group, "mika@example.jp")
    add_contact(app, group, gen_user(app, email="editor@example.jp", locale="en"))
    gen_user(app, email="stranger@example.jp", locale="en")

    response = browser.submit(VISITOR_TOKEN_PAGE, {}, action=f"{page_of(group)}/invitations/{invitation_id}/revoke")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login?next=")
    for email in ("editor@example.jp", "stranger@example.jp"):
        browser.login(email)
        assert revoke(browser, group, invitation_id).status_code == 403
        browser.logout()
    assert invitations_in(app, group) == [("mika@example.jp", "editor", "pending")]


def test_revoking_needs_the_csrf_token_and_an_invitation_of_this_group(app, browser, outbox, group):
    invitation_link(app, browser, outbox, group)
    other_owner = gen_user(app, email="other@example.jp", locale="en")
    other = gen_partner(app, kind="group", owner=other_owner, name="筑波里山クラブ", name_kana="ツクバサトヤマクラブ")
    with app.app_context():
        db.session.add(ContactInvitation(partner_id=other.id, email="ken@example.jp", role=ContactRole.EDITOR,
                                         inviter_id=other_owner.id))
        db.session.commit()
    browser.login("owner@example.jp")
    own = invitation_id_of(app, group, "mika@example.jp")
    assert browser.client.post(f"{page_of(group)}/invitations/{own}/revoke").status_code == 400
    assert revoke(browser, group, invitation_id_of(app, other, "ken@example.jp")).status_code == 404
    assert revoke(browser, group, 999999).status_code == 404
    assert invitations_in(app, group) == [("mika@example.jp", "editor", "pending")]
    assert invitations_in(app, other) == [("ken@example.jp", "editor", "pending")]


def test_staff_revoking_an_invitation_is_audited(app, browser, outbox, group):
    invitation_link(app, browser, outbox, group)
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,), locale="en")
    browser.login("staff@example.jp")
    assert revoke(browser, group, invitation_id_of(app, group, "mika@example.jp")).status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contact.revoke_invitation"))
        assert (entry.actor_id, entry.target_type, entry.target_id, entry.detail) == (
            staff.id, "partner", group.id, None)


def test_inviting_the_same_address_again_replaces_the_pending_invitation(app, browser, outbox, group):
    first_url = invitation_link(app, browser, outbox, group)
    browser.login("owner@example.jp")
    response = invite(browser, group, "MIKA@example.jp", "owner", follow_redirects=True)
    assert ("We have sent a new invitation to mika@example.jp. The link in the earlier invitation no longer "
            "works.") in text(response)
    second_url = link_in(outbox.deliver_one(to="mika@example.jp"), "/members/invitations/")
    assert invitations_in(app, group) == [("mika@example.jp", "editor", "revoked"),
                                          ("mika@example.jp", "owner", "pending")]
    browser.logout()

    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    response = browser.client.get(first_url)
    assert response.status_code == 400
    assert "This invitation has been revoked." in text(response)
    browser.submit(second_url, {})
    assert roles_in(app, group)["mika@example.jp"] == "owner"


def test_withdrawal_deletes_every_invitation_of_the_partner_only(app, group, owner):
    other_owner = gen_user(app, email="other@example.jp")
    other = gen_partner(app, kind="group", owner=other_owner, name="筑波里山クラブ", name_kana="ツクバサトヤマクラブ")
    with app.app_context():
        db.session.add_all([
            ContactInvitation(partner_id=group.id, email="mika@example.jp", role=ContactRole.EDITOR,
                              inviter_id=owner.id),
            ContactInvitation(partner_id=group.id, email="ken@example.jp", role=ContactRole.OWNER,
                              inviter_id=owner.id, revoked_at=utcnow()),
            ContactInvitation(partner_id=group.id, email="eri@example.jp", role=ContactRole.EDITOR,
                              inviter_id=owner.id, accepted_at=utcnow(), accepted_by_id=owner.id),
            ContactInvitation(partner_id=other.id, email="yui@example.jp", role=ContactRole.EDITOR,
                              inviter_id=other_owner.id),
        ])
        db.session.commit()

    with app.test_request_context():
        lifecycle.withdraw(db.session.get(Partner, group.id), None, "test")
        db.session.commit()
    assert invitations_in(app, group) == []
    assert invitations_in(app, other) == [("yui@example.jp", "editor", "pending")]
