"""Erasure reaches events (DESIGN.md, 個人情報保護法): when an account is deleted or a partner withdraws, the
person's registrations lose their name, address and links to accounts, the mail about them (sent or not) is
deleted, and their name and address are taken out of the events' free text. The rows stay, with their mode,
status and times, so every anonymous count (registered and attended per event, the yearly figures) is
unchanged. A seat the person held at an event yet to start is given back, to the first person waiting."""

from sqlalchemy import ColumnElement, func, or_, select, update

from partners.accounts.models import User
from partners.accounts.services import account_deleting
from partners.core.timeutil import utcnow
from partners.events.mails import registration_about
from partners.events.models import Event, EventStatusChange, Registration, RegistrationStatus
from partners.events.registration import give_seat_back
from partners.events.seats import lock_event_row
from partners.extensions import db
from partners.members.lifecycle import partner_anonymising
from partners.members.models import Partner
from partners.outbox.services import erase_mail

ERASED = "（削除済み）"
# Shorter text (a one-character name) would erase ordinary words from a description.
SHORTEST_ERASED_TEXT = 2


@account_deleting.connect
def erase_for_deleted_account(user: User) -> None:
    """The person's own registrations, and any a group contact made for them by their address."""
    erase_registrations(or_(Registration.user_id == user.id,
                            func.lower(Registration.attendee_email) == user.email.lower()),
                        texts={user.name, user.email})


@partner_anonymising.connect
def erase_for_anonymised_partner(partner: Partner) -> None:
    """An individual's registrations for certifying lectures, and the named people a group registered."""
    texts = {partner.name, partner.email, partner.representative, partner.phone}
    if partner.is_individual:
        texts |= {text for contact in partner.contacts for text in (contact.user.name, contact.user.email)}
    erase_registrations(or_(Registration.partner_id == partner.id, Registration.group_partner_id == partner.id),
                        texts={text for text in texts if text})


def erase_registrations(condition: ColumnElement[bool], texts: set[str]) -> int:
    """Anonymise the registrations matching `condition` and erase `texts` (the person's name, address, phone)
    from the events' free text. Returns how many registrations were anonymised."""
    registrations = db.session.scalars(select(Registration).where(condition, Registration.anonymised_at.is_(None))
                                       .order_by(Registration.id)).all()
    texts = texts | {text for registration in registrations
                     for text in (registration.attendee_name, registration.attendee_email) if text}
    now = utcnow()
    for registration in registrations:
        erase_mail(about=registration_about(registration.id))
        if registration.is_open and registration.event.starts_at > now:
            _give_seat_back(registration, now)
        registration.user_id = registration.registered_by_id = None
        registration.attendee_name = registration.attendee_email = None
        registration.anonymised_at = now
    _erase_free_text({text for text in texts if len(text) >= SHORTEST_ERASED_TEXT})
    return len(registrations)


def _give_seat_back(registration: Registration, now) -> None:
    event = lock_event_row(registration.event_id)
    held_seat = registration.status == RegistrationStatus.REGISTERED
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now
    if held_seat:
        give_seat_back(event, registration.mode)


def _erase_free_text(texts: set[str]) -> None:
    """Replace each text in the events' descriptions and speakers and in their history's reasons."""
    for text in sorted(texts, key=len, reverse=True):
        for column in (Event.description, Event.speakers):
            db.session.execute(update(Event).where(column.contains(text, autoescape=True))
                               .values({column: func.replace(column, text, ERASED)}))
        db.session.execute(update(EventStatusChange)
                           .where(EventStatusChange.reason.contains(text, autoescape=True))
                           .values(reason=func.replace(EventStatusChange.reason, text, ERASED)))
