"""Who may register for an event and when: the same answers for the event page and the registration service."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from partners.accounts.models import User
from partners.events.models import Audience, Event, EventStatus
from partners.members import profiles
from partners.members.models import PartnerStatus


def registration_closed_problem(event: Event, now: datetime) -> str | None:
    """Why nobody can register now (in the user's language), or None."""
    if event.status != EventStatus.PUBLISHED:
        return str(_l("Registration is not open for this event."))
    if event.registration_opens_at and now < event.registration_opens_at:
        return str(_l("Registration has not opened yet."))
    if now >= (event.registration_closes_at or event.starts_at) or now >= event.starts_at:
        return str(_l("Registration has closed."))
    return None


def audience_problem(event: Event, user: User) -> str | None:
    """Partners only: a contact of an active partner (individual or group). Group partners only: a contact of
    an active group partner."""
    if event.audience == Audience.ANYONE:
        return None
    active = [p for p in profiles.partners_of(user) if p.status == PartnerStatus.ACTIVE]
    if event.audience == Audience.PARTNERS and active:
        return None
    if event.audience == Audience.GROUP_PARTNERS and any(p.is_group for p in active):
        return None
    if event.audience == Audience.PARTNERS:
        return str(_l("This event is for partners only."))
    return str(_l("This event is for group partners only."))
