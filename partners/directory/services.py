"""Who sees what in the member list (DESIGN.md, personal data): a partner appears only while active and only to
the audience its listing is published to; each other section shows only where the partner published it."""

from typing import NamedTuple

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from partners.activities.models import ActivityReport
from partners.activities.services import reports_of
from partners.core.sdgs import GOALS_BY_NUMBER
from partners.directory.queries import PARTNERS, PUBLIC, DirectoryFilters
from partners.events.models import Event, Registration, RegistrationStatus
from partners.events.queries import PUBLIC_STATUSES
from partners.extensions import db
from partners.members.models import Partner, PartnerContact, PartnerStatus, Visibility

READABLE = {PUBLIC: {Visibility.PUBLIC}, PARTNERS: {Visibility.PUBLIC, Visibility.PARTNERS}}
EVENTS_SHOWN = 50
REPORTS_SHOWN = 10  # the latest; the partner's page of reports (activities.public) has them all


def audience_of(user) -> int:
    """PARTNERS for a signed-in contact of an active partner (they see what partners share among themselves),
    else PUBLIC."""
    if not user.is_authenticated:
        return PUBLIC
    is_partner = db.session.scalar(select(exists().where(
        PartnerContact.user_id == user.id, PartnerContact.partner_id == Partner.id,
        Partner.status == PartnerStatus.ACTIVE)))
    return PARTNERS if is_partner else PUBLIC


def readable(partner: Partner, section: str, audience: int) -> bool:
    return partner.visibility(section) in READABLE[audience]


def listed_partner(member_no: str, audience: int) -> Partner | None:
    """The partner with this member number if the audience may see it at all, else None (as if unknown)."""
    if not member_no.isprintable():  # a NUL byte cannot even be sent to PostgreSQL; no number holds one
        return None
    partner = db.session.scalar(select(Partner).where(Partner.member_no == member_no)
                                .options(selectinload(Partner.goal_links)))
    if partner is None or partner.status != PartnerStatus.ACTIVE or not readable(partner, "listing", audience):
        return None
    return partner


def publicly_listed_numbers(partner_ids: set[int]) -> dict[int, str]:
    """partner id → member number, for those of `partner_ids` in the public member list (active, listing
    published to everyone); one query."""
    if not partner_ids:
        return {}
    return dict(db.session.execute(select(Partner.id, Partner.member_no).where(
        Partner.id.in_(partner_ids), Partner.status == PartnerStatus.ACTIVE,
        Partner.visibility_listing.in_(READABLE[PUBLIC]), Partner.member_no.is_not(None))).all())


def events_attended(partner: Partner) -> list[Event]:
    """Published events the partner attended (itself, or people it registered), latest first."""
    attended = select(Registration.event_id).where(
        Registration.status == RegistrationStatus.ATTENDED,
        or_(Registration.partner_id == partner.id, Registration.group_partner_id == partner.id))
    return list(db.session.scalars(
        select(Event).where(Event.id.in_(attended), Event.published_at.is_not(None),
                            Event.status.in_(PUBLIC_STATUSES))
        .order_by(Event.starts_at.desc(), Event.id.desc()).limit(EVENTS_SHOWN)))


def reports_published(partner: Partner) -> list[ActivityReport]:
    """The partner's latest published activity reports (the rule of activities.services.PUBLISHED)."""
    return reports_of(partner.id, public_only=True, limit=REPORTS_SHOWN)


class Card(NamedTuple):
    """What a partner's card in the member list shows to an audience: a section it may not read is None. The
    card is drawn from these values only, so they are also the key it is kept under (partners/core/fragments.py)."""

    member_no: str
    name: str
    name_kana: str
    kind: str
    group_type: str | None
    area: str | None
    goals: tuple[int, ...]
    activities: str | None
    offers: str | None
    needs: str | None
    website: str | None


def card_of(partner: Partner, audience: int) -> Card:
    offers_needs = readable(partner, "offers_needs", audience)
    return Card(partner.member_no, partner.name, partner.name_kana, str(partner.kind), partner.group_type,
                partner.area, tuple(partner.goals),
                partner.activities if readable(partner, "activities", audience) else None,
                partner.offers if offers_needs else None, partner.needs if offers_needs else None,
                partner.website if readable(partner, "contact", audience) else None)


def public_record(partner: Partner, audience: int = PUBLIC) -> dict:
    """A partner as open data (downloads and the API): the listing, and each other section only where the
    partner published it to this audience (None where not)."""
    def shown(section: str, value):
        return value if readable(partner, section, audience) else None

    return {
        "member_no": partner.member_no,
        "kind": str(partner.kind),
        "name": partner.name,
        "name_kana": partner.name_kana,
        "group_type": partner.group_type or None,
        "area": partner.area,
        "goals": partner.goals,
        "activities": shown("activities", partner.activities),
        "offers": shown("offers_needs", partner.offers),
        "needs": shown("offers_needs", partner.needs),
        "website": shown("contact", partner.website),
    }


def goal_names(numbers: list[int]) -> str:
    return "; ".join(f"{number} {GOALS_BY_NUMBER[number].name}" for number in numbers)


def filters_from(form) -> DirectoryFilters:
    """The form's valid fields as filters; a field that did not validate is left out."""
    def valid(name: str):
        field = form[name]
        return field.data if field.data and not field.errors else None

    return DirectoryFilters(
        q=valid("q") or "", goals=sorted(set(valid("goal") or []))[:17], all_goals=valid("match") == "all",
        kind=valid("kind") or "", group_type=valid("group_type") or "", area=valid("area") or "",
        sort=valid("sort") or "kana",
    )
