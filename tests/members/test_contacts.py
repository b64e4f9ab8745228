"""A group's co-contacts: managed by owners (and staff), never without an owner."""


from sqlalchemy import select

from partners.accounts.models import Role
from partners.audit.models import AuditEntry
from partners.extensions import db
from partners.members.models import ContactInvitation, ContactRole, Partner, PartnerStatus
from tests.conftest import VISITOR_TOKEN_PAGE, count_queries
from tests.factories import gen_partner, gen_user
from tests.members.contact_helpers import (
    add_contact,
    change_role,
    contact_id_of,
    invitation_link,
    invite,
    page_of,
    remove,
    roles_in,
    text,
)


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
    form_page = VISITOR_TOKEN_PAGE
    for response in (
        browser.submit(form_page, {"email": "friend@example.jp", "role": "editor"}, action=page_of(group) + "/invite"),
        browser.submit(form_page, {"role": "editor"}, action=f"{page_of(group)}/{owner_contact}/role"),
        browser.submit(form_page, {}, action=f"{page_of(group)}/{owner_contact}/remove"),
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


def test_the_contacts_page_takes_the_same_queries_however_many_contacts_and_invitations(app, browser, group,
                                                                                         owner):
    browser.login("owner@example.jp")

    def queries_for_page() -> int:
        return count_queries(app, browser.client, page_of(group))

    def invite_as(inviter, email: str) -> None:
        with app.app_context():
            db.session.add(ContactInvitation(partner_id=group.id, email=email, role=ContactRole.EDITOR,
                                             inviter_id=inviter.id))
            db.session.commit()

    invite_as(owner, "guest@example.jp")
    with_one = queries_for_page()
    for number in range(4):
        inviter = gen_user(app, email=f"owner{number}@example.jp", name=f"Owner {number}")
        add_contact(app, group, inviter, "owner")
        add_contact(app, group, gen_user(app, email=f"editor{number}@example.jp"))
        invite_as(inviter, f"guest{number}@example.jp")
    assert queries_for_page() == with_one
    assert "Owner 3" in text(browser.client.get(page_of(group)))
