"""A group's co-contacts: invited by a signed e-mail link, managed by owners (and staff), never without an owner.

The people here use English, so that the messages they see can be checked whatever the Japanese catalogue
holds; the invitation mail follows the inviter's language."""

from urllib.parse import quote

import pytest
from sqlalchemy import event, select

from partners.accounts.models import Role
from partners.audit.models import AuditEntry
from partners.extensions import db
from partners.members import lifecycle
from partners.members.models import ContactRole, Partner, PartnerContact, PartnerStatus
from partners.outbox.models import OutboxMessage
from tests.conftest import link_in
from tests.factories import gen_partner, gen_user

GROUP = "つくば環境ネット"


@pytest.fixture
def owner(app):
    return gen_user(app, email="owner@example.jp", name="Owner Oda", locale="en")


@pytest.fixture
def group(app, owner, outbox):
    """An active group whose only contact is its owner; the welcome mail is out of the way."""
    partner = gen_partner(app, kind="group", owner=owner, name=GROUP, name_kana="ツクバカンキョウネット")
    outbox.deliver()
    return partner


def page_of(partner) -> str:
    return f"/members/{partner.id}/contacts"


def add_contact(app, partner, user, role: str = "editor") -> int:
    with app.app_context():
        contact = PartnerContact(partner_id=partner.id, user_id=user.id, role=ContactRole(role))
        db.session.add(contact)
        db.session.commit()
        return contact.id


def contact_id_of(app, partner, user) -> int:
    with app.app_context():
        return db.session.scalar(select(PartnerContact.id).where(
            PartnerContact.partner_id == partner.id, PartnerContact.user_id == user.id))


def roles_in(app, partner) -> dict[str, str]:
    """E-mail address → role of every contact of the partner, read from the database."""
    with app.app_context():
        partner = db.session.get(Partner, partner.id)
        return {contact.user.email: str(contact.role) for contact in partner.contacts}


def invite(browser, partner, email: str, role: str = "editor", **kwargs):
    return browser.submit(page_of(partner), {"email": email, "role": role}, action=page_of(partner) + "/invite",
                          **kwargs)


def change_role(browser, partner, contact_id: int, role: str, **kwargs):
    return browser.submit(page_of(partner), {"role": role},
                          action=f"{page_of(partner)}/{contact_id}/role", **kwargs)


def remove(browser, partner, contact_id: int, **kwargs):
    return browser.submit(page_of(partner), {}, action=f"{page_of(partner)}/{contact_id}/remove", **kwargs)


def text(response) -> str:
    return response.get_data(as_text=True)


def invitation_link(app, browser, outbox, group, email="mika@example.jp", role="editor") -> str:
    """The owner invites `email` and logs out; the link from the mail that arrived."""
    browser.login("owner@example.jp")
    response = invite(browser, group, email, role, follow_redirects=True)
    assert f"We have sent an invitation to {email}." in text(response)
    browser.logout()
    return link_in(outbox.deliver_one(to=email), "/members/invitations/")


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
    assert sent["mika@example.jp"].subject == f"Invitation to manage {GROUP}"
    assert sent["ken@example.jp"].locale == "ja"


def test_an_invitation_is_addressed_to_the_normalised_e_mail(app, browser, outbox, group):
    browser.login("owner@example.jp")
    invite(browser, group, "  ＭＩＫＡ@Example.JP ")
    assert outbox.deliver_one(to="mika@example.jp")["Subject"] == f"Invitation to manage {GROUP}"


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


def test_a_non_contact_gets_403_everywhere(app, browser, group, owner):
    gen_user(app, email="stranger@example.jp")
    owner_contact = contact_id_of(app, group, owner)
    browser.login("stranger@example.jp")
    assert browser.client.get(page_of(group)).status_code == 403
    assert invite(browser, group, "friend@example.jp").status_code == 403
    assert change_role(browser, group, owner_contact, "editor").status_code == 403
    assert remove(browser, group, owner_contact).status_code == 403
    assert roles_in(app, group) == {"owner@example.jp": "owner"}


def test_anonymous_visitors_are_sent_to_log_in(app, browser, group, owner):
    owner_contact = contact_id_of(app, group, owner)
    response = browser.client.get(page_of(group))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login?next=")
    for response in (
        browser.submit("/", {"email": "friend@example.jp", "role": "editor"}, action=page_of(group) + "/invite"),
        browser.submit("/", {"role": "editor"}, action=f"{page_of(group)}/{owner_contact}/role"),
        browser.submit("/", {}, action=f"{page_of(group)}/{owner_contact}/remove"),
    ):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login?next=")
    assert roles_in(app, group) == {"owner@example.jp": "owner"}


def test_an_editor_sees_the_contacts_but_cannot_manage_them(app, browser, outbox, group, owner):
    editor = gen_user(app, email="editor@example.jp", name="Eri Endo", locale="en")
    add_contact(app, group, editor)
    owner_contact = contact_id_of(app, group, owner)
    browser.login("editor@example.jp")

    page = text(browser.client.get(page_of(group)))
    assert "Owner Oda" in page and "Eri Endo" in page
    assert "Invite a co-contact" not in page
    assert invite(browser, group, "friend@example.jp").status_code == 403
    assert change_role(browser, group, owner_contact, "editor").status_code == 403
    assert remove(browser, group, owner_contact).status_code == 403
    assert roles_in(app, group) == {"owner@example.jp": "owner", "editor@example.jp": "editor"}
    assert outbox.deliver() == []


def test_a_contact_can_leave_the_group(app, browser, group):
    editor = gen_user(app, email="editor@example.jp", locale="en")
    editor_contact = add_contact(app, group, editor)
    browser.login("editor@example.jp")
    response = remove(browser, group, editor_contact)
    assert response.status_code == 302
    assert roles_in(app, group) == {"owner@example.jp": "owner"}
    assert browser.client.get(page_of(group)).status_code == 403


def test_an_owner_changes_roles_and_removes_contacts(app, browser, group):
    editor = gen_user(app, email="editor@example.jp", name="Eri Endo", locale="en")
    editor_contact = add_contact(app, group, editor)
    browser.login("owner@example.jp")

    page = text(browser.client.get(page_of(group)))
    assert "Invite a co-contact" in page and "Eri Endo" in page
    response = change_role(browser, group, editor_contact, "owner", follow_redirects=True)
    assert "The role of Eri Endo is now Owner." in text(response)
    assert roles_in(app, group)["editor@example.jp"] == "owner"
    change_role(browser, group, editor_contact, "editor")
    assert roles_in(app, group)["editor@example.jp"] == "editor"

    response = remove(browser, group, editor_contact, follow_redirects=True)
    assert "Eri Endo is no longer a contact of this group." in text(response)
    assert roles_in(app, group) == {"owner@example.jp": "owner"}


def test_the_last_owner_can_be_neither_demoted_nor_removed(app, browser, group, owner):
    add_contact(app, group, gen_user(app, email="editor@example.jp"))
    owner_contact = contact_id_of(app, group, owner)
    browser.login("owner@example.jp")

    response = change_role(browser, group, owner_contact, "editor", follow_redirects=True)
    assert "The last owner cannot become an editor" in text(response)
    response = remove(browser, group, owner_contact, follow_redirects=True)
    assert "The last owner cannot be removed" in text(response)
    assert roles_in(app, group) == {"owner@example.jp": "owner", "editor@example.jp": "editor"}


def test_with_a_second_owner_the_first_may_step_down_and_leave(app, browser, group, owner):
    add_contact(app, group, gen_user(app, email="second@example.jp"), "owner")
    owner_contact = contact_id_of(app, group, owner)
    browser.login("owner@example.jp")
    change_role(browser, group, owner_contact, "editor")
    assert roles_in(app, group) == {"owner@example.jp": "editor", "second@example.jp": "owner"}
    remove(browser, group, owner_contact)
    assert roles_in(app, group) == {"second@example.jp": "owner"}


def test_staff_manage_any_group_and_each_action_is_audited(app, browser, outbox, group, owner):
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,), locale="en")
    editor_contact = add_contact(app, group, gen_user(app, email="editor@example.jp", name="Eri Endo"))
    browser.login("staff@example.jp")

    assert "Invite a co-contact" in text(browser.client.get(page_of(group)))
    assert invite(browser, group, "mika@example.jp").status_code == 302
    assert change_role(browser, group, editor_contact, "owner").status_code == 302
    assert remove(browser, group, contact_id_of(app, group, owner)).status_code == 302
    assert roles_in(app, group) == {"editor@example.jp": "owner"}
    assert outbox.deliver_one(to="mika@example.jp")

    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith("contact.")).order_by(AuditEntry.id)).all()
        actions = [entry.action for entry in entries]
        assert {"contact.view", "contact.invite", "contact.role", "contact.remove"} <= set(actions)
        assert all(e.actor_id == staff.id and e.target_type == "partner" and e.target_id == group.id
                   for e in entries)
        details = " ".join(entry.detail or "" for entry in entries)
        assert "@" not in details and "Eri" not in details


def test_an_administrator_may_manage_contacts_too(app, browser, group):
    gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,), locale="en")
    browser.login("admin@example.jp")
    assert "Invite a co-contact" in text(browser.client.get(page_of(group)))


def test_an_owner_acting_on_their_own_group_is_not_audited(app, browser, group):
    browser.login("owner@example.jp")
    browser.client.get(page_of(group))
    invite(browser, group, "mika@example.jp")
    with app.app_context():
        assert db.session.scalars(select(AuditEntry).where(AuditEntry.action.startswith("contact."))).all() == []


def test_a_contact_of_another_partner_is_not_found(app, browser, group):
    other_owner = gen_user(app, email="other@example.jp")
    other = gen_partner(app, kind="group", owner=other_owner, name="筑波里山クラブ", name_kana="ツクバサトヤマクラブ")
    foreign_contact = contact_id_of(app, other, other_owner)
    browser.login("owner@example.jp")
    assert change_role(browser, group, foreign_contact, "editor").status_code == 404
    assert remove(browser, group, foreign_contact).status_code == 404
    assert roles_in(app, other) == {"other@example.jp": "owner"}


def test_an_individual_partner_has_no_contacts_page(app, browser):
    person = gen_user(app, email="person@example.jp")
    partner = gen_partner(app, kind="individual", owner=person)
    browser.login("person@example.jp")
    assert browser.client.get(page_of(partner)).status_code == 404
    assert invite(browser, partner, "friend@example.jp").status_code == 404
    assert remove(browser, partner, contact_id_of(app, partner, person)).status_code == 404
    assert browser.client.get("/members/999999/contacts").status_code == 404


def test_a_withdrawn_group_has_no_contacts_to_manage(app, browser, outbox, group, owner):
    url = invitation_link(app, browser, outbox, group)
    owner_contact = contact_id_of(app, group, owner)
    with app.app_context():
        db.session.get(Partner, group.id).status = PartnerStatus.WITHDRAWN
        db.session.commit()
    browser.login("owner@example.jp")
    assert browser.client.get(page_of(group)).status_code == 404
    assert invite(browser, group, "friend@example.jp").status_code == 404
    assert remove(browser, group, owner_contact).status_code == 404
    browser.logout()

    gen_user(app, email="mika@example.jp", locale="en")
    browser.login("mika@example.jp")
    response = browser.submit(url, {})
    assert response.status_code == 400
    assert "mika@example.jp" not in roles_in(app, group)


def test_the_contacts_page_takes_the_same_queries_however_many_contacts(app, browser, group):
    browser.login("owner@example.jp")

    def queries_for_page() -> int:
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert browser.client.get(page_of(group)).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    with_one = queries_for_page()
    for number in range(4):
        add_contact(app, group, gen_user(app, email=f"editor{number}@example.jp"))
    assert queries_for_page() == with_one


def test_withdrawing_a_group_erases_its_unsent_invitations(app, browser, outbox, group):
    browser.login("owner@example.jp")
    invite(browser, group, "mika@example.jp")
    with app.test_request_context():
        lifecycle.withdraw(db.session.get(Partner, group.id), None, "test")
        db.session.commit()
    assert [m for m in outbox.deliver() if m["To"] == "mika@example.jp"] == []
