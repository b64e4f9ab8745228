"""Registering for an event, the waiting list, and cancelling. Seats are counted and taken under the event's
lock (see `lock_event`), so capacity holds however many people register at the same moment."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partners.accounts.models import User
from partners.core.database import begin_write
from partners.core.timeutil import utcnow
from partners.events.lifecycle import TransitionError
from partners.events.mails import mail_promoted, mail_registration
from partners.events.models import (
    SEATED,
    AttendanceMode,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from partners.events.qr import new_check_in_code, qr_png
from partners.events.rules import audience_problem, registration_closed_problem
from partners.extensions import db
from partners.members import profiles
from partners.members.models import PartnerKind, PartnerStatus

OPEN = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


class RegistrationError(TransitionError):
    """The person cannot register (or cancel) now; the message says why in their language."""


@dataclass
class NamedPerson:
    name: str
    email: str


def lock_event(event_id: int) -> Event:
    """Start a write transaction and lock the event's row: every change to its seats runs one at a time.
    Commits what the session held before (see `partners.core.database.begin_write`)."""
    begin_write(db.session)
    return db.session.execute(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def own_registration(event_id: int, user: User) -> Registration | None:
    """The person's own current registration (not one a group contact made for someone)."""
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event_id, Registration.user_id == user.id,
        Registration.registered_by_id.is_(None), Registration.status != RegistrationStatus.CANCELLED,
    ).order_by(Registration.id.desc()).limit(1))


def individual_partner(user: User):
    """The person's open individual partnership (applied or active), the one a certifying lecture certifies."""
    return next((partner for partner in profiles.partners_of(user)
                 if partner.is_individual and partner.status in profiles.OPEN_STATUSES), None)


def register(event_id: int, user: User, mode: AttendanceMode,
             application: profiles.ProfileData | None = None) -> Registration:
    """Register `user`, taking a seat of `mode` or a place on its waiting list. For a certifying lecture a
    person without an individual partnership may send `application` in the same step: they apply (staff see
    the application) and attending the lecture certifies them."""
    check_in = CheckIn.make(event_id)
    event = lock_event(event_id)
    _require_open(event, mode)
    if own_registration(event.id, user) is not None:
        raise RegistrationError(_l("You are already registered for this event."))
    partner = individual_partner(user)
    if application is not None:
        if partner is not None or not event.certifies:
            raise RegistrationError(_l("You already have a partner application."))
        partner = profiles.apply(user, PartnerKind.INDIVIDUAL, application)
    problem = audience_problem(event, user)
    if problem:
        raise RegistrationError(problem)
    registration = Registration(event_id=event.id, user_id=user.id, mode=mode,
                                partner_id=partner.id if partner is not None and event.certifies else None)
    _take_seat_or_wait(event, registration, check_in)
    return registration


def register_named(event_id: int, contact: User, group_id: int, people: list[NamedPerson],
                   mode: AttendanceMode) -> list[Registration]:
    """A contact of an active group registers named people of the group for an exchange meeting; each gets a
    seat or a place on the waiting list in the order given, and their own mail."""
    check_ins = [CheckIn.make(event_id) for _person in people]
    event = lock_event(event_id)
    _require_open(event, mode)
    group = next((p for p in profiles.partners_of(contact) if p.id == group_id), None)
    if event.kind != EventKind.EXCHANGE or group is None or not group.is_group \
            or group.status != PartnerStatus.ACTIVE:
        raise RegistrationError(_l("Only contacts of an active group partner can register people for an "
                                   "exchange meeting."))
    problem = audience_problem(event, contact)
    if problem:
        raise RegistrationError(problem)
    taken = set(db.session.scalars(select(func.lower(Registration.attendee_email)).where(
        Registration.event_id == event.id, Registration.status.in_(OPEN))))
    registrations = []
    for person, check_in in zip(people, check_ins, strict=True):
        if person.email.lower() in taken:
            raise RegistrationError(_l("%(email)s is already registered for this event.", email=person.email))
        taken.add(person.email.lower())
        registration = Registration(event_id=event.id, mode=mode, registered_by_id=contact.id,
                                    group_partner_id=group.id, attendee_name=person.name,
                                    attendee_email=person.email)
        _take_seat_or_wait(event, registration, check_in)
        registrations.append(registration)
    return registrations


def cancel_registration(registration_id: int, actor: User) -> Registration:
    """The participant (or the contact who registered them) cancels, until the event starts; a freed seat
    goes to the first person waiting for that way of attending."""
    event_id = db.session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    event = lock_event(event_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if actor.id not in (registration.user_id, registration.registered_by_id) or not registration.is_open:
        raise RegistrationError(_l("This registration cannot be cancelled."))
    if event.starts_at <= utcnow():
        raise RegistrationError(_l("The event has started; registrations can no longer be cancelled."))
    held_seat = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    if held_seat and event.status == EventStatus.PUBLISHED:
        db.session.flush()
        promote_waiting(event, registration.mode)
    return registration


def promote_waiting(event: Event, mode: AttendanceMode) -> list[Registration]:
    """Give free seats of `mode` to the people waiting longest, and mail each. Runs under the event's lock, and
    a person leaves the waiting list in the same transaction as their mail is queued: mailed exactly once."""
    free = event.capacity(mode) - seated_count(event.id, mode)
    if free <= 0:
        return []
    waiting = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.mode == mode,
        Registration.status == RegistrationStatus.WAITLISTED,
    ).order_by(Registration.id).limit(free)).all()
    now = utcnow()
    for registration in waiting:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = registration.confirmed_at = now
        mail_promoted(registration, qr_png(event.id, registration.check_in_code))
    return waiting


def seated_count(event_id: int, mode: AttendanceMode) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.mode == mode, Registration.status.in_(SEATED)))


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat of their way of attending; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.mode == registration.mode,
        Registration.status == RegistrationStatus.WAITLISTED, Registration.id <= registration.id))


def _require_open(event: Event, mode: AttendanceMode) -> None:
    problem = registration_closed_problem(event, utcnow())
    if problem:
        raise RegistrationError(problem)
    if mode not in event.modes:
        raise RegistrationError(_l("This event cannot be attended that way."))


@dataclass(frozen=True)
class CheckIn:
    """A registration's check-in code and its QR image, made before the event is locked."""

    code: str
    qr_png: bytes

    @classmethod
    def make(cls, event_id: int) -> "CheckIn":
        code = new_check_in_code()
        return cls(code=code, qr_png=qr_png(event_id, code))


def _take_seat_or_wait(event: Event, registration: Registration, check_in: CheckIn) -> None:
    now = utcnow()
    registration.check_in_code = check_in.code
    if seated_count(event.id, registration.mode) < event.capacity(registration.mode):
        registration.status, registration.confirmed_at = RegistrationStatus.REGISTERED, now
    else:
        registration.status, registration.waitlisted_at = RegistrationStatus.WAITLISTED, now
    db.session.add(registration)
    db.session.flush()
    mail_registration(registration, waitlist_position(registration), check_in.qr_png)
