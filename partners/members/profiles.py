"""Applying as a partner, editing a profile, who may manage a partner, and a partner's own data download."""

from dataclasses import dataclass, field

from sqlalchemy import select

from partners.accounts.models import Role, User
from partners.audit.services import record
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.lifecycle import acknowledge_application, record_initial_status, resubmit
from partners.members.models import (
    ContactRole,
    Partner,
    PartnerContact,
    PartnerKind,
    PartnerStatus,
    Visibility,
)
from partners.members.search import reindex


@dataclass
class ProfileData:
    """What a partner tells about themself; already normalised by the form."""

    name: str
    name_kana: str
    area: str
    goals: list[int]
    activities: str = ""
    offers: str = ""
    needs: str = ""
    visibility: dict[str, Visibility] = field(default_factory=dict)
    email: str | None = None
    phone: str | None = None
    group_type: str | None = None
    representative: str | None = None
    postal_code: str | None = None
    address: str | None = None
    website: str | None = None
    size: int | None = None


# Free text sits in unbounded columns; these are the limits people are held to.
TEXT_LIMITS = {"activities": 4000, "offers": 2000, "needs": 2000}


def max_length(name: str) -> int:
    """The most characters a partner field holds: its column's length, or its free-text limit. The forms and
    the CSV import both ask here, so they refuse at the same length as the database."""
    return TEXT_LIMITS.get(name) or Partner.__table__.c[name].type.length


def apply(user: User, kind: PartnerKind, data: ProfileData) -> Partner:
    """A signed-in person applies; they become the partner's owner contact and get an acknowledgement by mail.
    Consent was given on the form."""
    partner = Partner(kind=kind, status=PartnerStatus.APPLIED, consented_at=utcnow(), applied_at=utcnow())
    if kind == PartnerKind.INDIVIDUAL and not data.email:
        data.email = user.email
    fill_profile(partner, data)
    partner.contacts.append(PartnerContact(user_id=user.id, role=ContactRole.OWNER))
    db.session.add(partner)
    record_initial_status(partner, user)
    db.session.flush()
    reindex(partner)
    acknowledge_application(partner)
    return partner


def fill_profile(partner: Partner, data: ProfileData) -> None:
    for name in ("name", "name_kana", "area", "activities", "offers", "needs", "email", "phone"):
        setattr(partner, name, getattr(data, name))
    if partner.kind == PartnerKind.GROUP:
        for name in ("group_type", "representative", "postal_code", "address", "website", "size"):
            setattr(partner, name, getattr(data, name))
    else:
        partner.website = data.website
    partner.goals = data.goals
    for section, level in data.visibility.items():
        setattr(partner, f"visibility_{section}", Visibility(level))


def update_profile(partner: Partner, data: ProfileData, actor: User) -> None:
    """Save an edit. An application sent back for changes goes back to review when its contact saves it."""
    fill_profile(partner, data)
    reindex(partner)
    if actor.has_role(Role.STAFF) and not is_contact(actor, partner):
        record(actor, "partner.edit", "partner", partner.id)
    if partner.status == PartnerStatus.CHANGES_REQUESTED and is_contact(actor, partner):
        resubmit(partner, actor)


def contact_of(user: User, partner: Partner) -> PartnerContact | None:
    if not user.is_authenticated:
        return None
    return next((contact for contact in partner.contacts if contact.user_id == user.id), None)


def is_contact(user: User, partner: Partner) -> bool:
    return contact_of(user, partner) is not None


def is_owner(user: User, partner: Partner) -> bool:
    contact = contact_of(user, partner)
    return contact is not None and contact.role == ContactRole.OWNER


def can_manage(user: User, partner: Partner) -> bool:
    """Staff may edit any partner, and its contacts may edit it unless the application was rejected (then it is
    read-only to them); nobody may edit a withdrawn (anonymised) record."""
    if partner.status == PartnerStatus.WITHDRAWN:
        return False
    if user.is_authenticated and user.has_role(Role.STAFF):
        return True
    return partner.status != PartnerStatus.REJECTED and is_contact(user, partner)


OPEN_STATUSES = {PartnerStatus.APPLIED, PartnerStatus.CHANGES_REQUESTED, PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED}


def has_open_individual_membership(user: User) -> bool:
    """A person is one individual partner at a time; a rejected or withdrawn one may apply again."""
    return any(p.is_individual and p.status in OPEN_STATUSES for p in partners_of(user))


def partners_of(user: User) -> list[Partner]:
    return list(db.session.scalars(
        select(Partner).join(PartnerContact).where(PartnerContact.user_id == user.id).order_by(Partner.applied_at)
    ))


def personal_data(partner: Partner) -> dict:
    """Everything we hold about a partner, for the partner's own download (JSON)."""
    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "member_no": partner.member_no,
        "kind": str(partner.kind),
        "status": str(partner.status),
        "name": partner.name,
        "name_kana": partner.name_kana,
        "email": partner.email,
        "phone": partner.phone,
        "area": partner.area,
        "goals": partner.goals,
        "group_type": partner.group_type,
        "representative": partner.representative,
        "postal_code": partner.postal_code,
        "address": partner.address,
        "website": partner.website,
        "size": partner.size,
        "activities": partner.activities,
        "offers": partner.offers,
        "needs": partner.needs,
        "visibility": {section: str(partner.visibility(section))
                       for section in ("listing", "activities", "offers_needs", "contact")},
        "consented_at": iso(partner.consented_at),
        "applied_at": iso(partner.applied_at),
        "certified_at": iso(partner.certified_at),
        "joined_on": iso(partner.joined_on),
        "review_comment": partner.review_comment,
        "contacts": [{"name": c.user.name, "email": c.user.email, "role": str(c.role)} for c in partner.contacts],
        "status_history": [
            {"from": c.from_status and str(c.from_status), "to": str(c.to_status), "at": iso(c.at),
             "reason": c.reason}
            for c in partner.status_changes
        ],
    }
