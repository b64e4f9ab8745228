"""Steps and reads shared by the contacts and invitations tests."""


from sqlalchemy import select

from partners.extensions import db
from partners.members.models import ContactInvitation, ContactRole, Partner, PartnerContact
from tests.conftest import link_in

GROUP = "つくば環境ネット"


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


def revoke(browser, partner, invitation_id: int, **kwargs):
    return browser.submit(page_of(partner), {}, action=f"{page_of(partner)}/invitations/{invitation_id}/revoke",
                          **kwargs)


def invitations_in(app, partner) -> list[tuple[str, str, str]]:
    """(e-mail, role, state) of every invitation of the partner, oldest first, read from the database."""
    with app.app_context():
        rows = db.session.scalars(select(ContactInvitation).where(ContactInvitation.partner_id == partner.id)
                                  .order_by(ContactInvitation.id)).all()
        return [(row.email, str(row.role),
                 "accepted" if row.accepted_at else "revoked" if row.revoked_at else "pending") for row in rows]


def invitation_id_of(app, partner, email: str) -> int:
    """The newest invitation of the partner to `email`."""
    with app.app_context():
        return db.session.scalar(select(ContactInvitation.id).where(
            ContactInvitation.partner_id == partner.id, ContactInvitation.email == email
        ).order_by(ContactInvitation.id.desc()).limit(1))


def text(response) -> str:
    return response.get_data(as_text=True)


def invitation_link(app, browser, outbox, group, email="mika@example.jp", role="editor") -> str:
    """The owner invites `email` and logs out; the link from the mail that arrived."""
    browser.login("owner@example.jp")
    response = invite(browser, group, email, role, follow_redirects=True)
    assert f"We have sent an invitation to {email}." in text(response)
    browser.logout()
    return link_in(outbox.deliver_one(to=email), "/members/invitations/")
