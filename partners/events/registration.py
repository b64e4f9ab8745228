"""Registering for an event, the waiting list, and cancelling.

A sign-up does its checks, writes its registration and queues its mail for the likelier outcome first (a seat
if the event had one free when the request read it), and settles it last, with one statement just before the
commit: it takes the seat with a conditional UPDATE of the event's seat counter (`seats.take_seat`), or, about
to wait, locks the event's row and finds it still full (`seats.still_full`). People registering at the same
moment wait for each other only for that statement and the commit. When the outcome is not the one prepared
(the last seat went meanwhile, or one came free), the registration settles under the event's lock (`_settle`)
and its mail is swapped. Capacity holds however many people register at once; everything else that changes
seats runs under the event's lock too."""

from dataclasses import dataclass
from functools import wraps

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from partners.accounts.models import User
from partners.core.database import begin_write
from partners.core.timeutil import utcnow
from partners.events.lifecycle import TransitionError
from partners.events.mails import mail_promoted, mail_signed_up
from partners.events.models import (
    MODES_OF_FORMAT,
    AttendanceMode,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from partners.events.qr import new_check_in_code, qr_png
from partners.events.rules import audience_problem, registration_closed_problem
from partners.events.seats import (
    EVENTS,
    add_seats,
    has_free_seat,
    lock_event,
    lock_event_row,
    still_full,
    take_seat,
)
from partners.extensions import db
from partners.members import profiles
from partners.members.models import PartnerKind, PartnerStatus
from partners.outbox.models import OutboxMessage

OPEN = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
REGISTRATIONS = Registration.__table__


class RegistrationError(TransitionError):
    """The person cannot register (or cancel) now; the message says why in their language."""


class CheckInCodeTaken(Exception):
    """Another registration has the check-in code drawn for this one; the transaction was rolled back."""


CODE_DRAWS = 3


def drawing_codes_again(operation):
    """Run a sign-up again, from the start, when the check-in code it drew turned out to be taken."""
    @wraps(operation)
    def run(*args, **kwargs):
        for _ in range(CODE_DRAWS - 1):
            try:
                return operation(*args, **kwargs)
            except CheckInCodeTaken:
                continue
        return operation(*args, **kwargs)
    return run


@dataclass
class NamedPerson:
    name: str
    email: str


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


# What a sign-up reads of the event: a plain row of the columns it checks, with a statement built once (making the
# ORM object, and building the query, were a tenth of a sign-up's CPU).
_SIGN_UP_EVENT = select(*(EVENTS.c[name] for name in (
    "id", "status", "published_at", "format", "audience", "certifies", "registration_opens_at",
    "registration_closes_at", "starts_at", "capacity_in_person", "capacity_online", "seats_taken_in_person",
    "seats_taken_online"))).where(EVENTS.c.id == bindparam("event_id"))


def sign_up_event(event_id: int) -> Row | None:
    """The event's columns that a sign-up checks (who may register, when, and its seats), or None."""
    return db.session.execute(_SIGN_UP_EVENT, {"event_id": event_id}).first()


def register(event_id: int, user: User, mode: AttendanceMode,
             application: profiles.ProfileData | None = None) -> Registration:
    """`sign_up` for the event with this id, giving the registration."""
    return db.session.get(Registration, sign_up(sign_up_event(event_id), user, mode, application))


@drawing_codes_again
def sign_up(event: Row, user: User, mode: AttendanceMode, application: profiles.ProfileData | None = None) -> int:
    """Register `user` for the event read as `sign_up_event`, taking a seat of `mode` or a place on its waiting
    list, and give the registration's id. For a certifying lecture a person without an individual partnership
    may send `application` in the same step: they apply (staff see the application) and attending the lecture
    certifies them."""
    _require_open(event, mode)
    partner = individual_partner(user) if event.certifies or application is not None else None
    if application is not None and (partner is not None or not event.certifies):
        raise RegistrationError(_l("You already have a partner application."))
    problem = audience_problem(event, user)
    if problem:
        raise RegistrationError(problem)
    begin_write(db.session)
    if application is not None:
        partner = profiles.apply(user, PartnerKind.INDIVIDUAL, application)
    seat_likely = has_free_seat(event, mode)
    prepared = _prepare({"event_id": event.id, "user_id": user.id, "mode": mode, "check_in_code": new_check_in_code(),
                         "partner_id": partner.id if partner is not None and event.certifies else None},
                        seated=seat_likely, user=user, recipient=user.email)
    if not (take_seat(event.id, mode) if seat_likely else still_full(event.id, mode)):
        _settle(lock_event_row(event.id), prepared)
    return prepared.registration_id


@drawing_codes_again
def register_named(event_id: int, contact: User, group_id: int, people: list[NamedPerson],
                   mode: AttendanceMode) -> list[Registration]:
    """A contact of an active group registers named people of the group for an exchange meeting; each gets a
    seat or a place on the waiting list in the order given, and their own mail. Rare and several seats at
    once: the whole step runs under the event's lock."""
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
    registration_ids = []
    for person in people:
        if person.email.lower() in taken:
            raise RegistrationError(_l("%(email)s is already registered for this event.", email=person.email))
        taken.add(person.email.lower())
        seated = has_free_seat(event, mode)
        if seated:
            add_seats(event, mode, 1)
        registration_ids.append(_prepare(
            {"event_id": event.id, "mode": mode, "registered_by_id": contact.id, "group_partner_id": group.id,
             "attendee_name": person.name, "attendee_email": person.email, "check_in_code": new_check_in_code()},
            seated, user=contact, recipient=person.email).registration_id)
    return list(db.session.scalars(
        select(Registration).where(Registration.id.in_(registration_ids)).order_by(Registration.id)))


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
    if held_seat:
        give_seat_back(event, registration.mode)
    return registration


def give_seat_back(event: Event, mode: AttendanceMode) -> None:
    """A registration of the locked `event` let go of its seat: count it free, and give it to the first person
    waiting while the event is published."""
    add_seats(event, mode, -1)
    if event.status == EventStatus.PUBLISHED:
        promote_waiting(event, mode)


def promote_waiting(event: Event, mode: AttendanceMode) -> list[Registration]:
    """Give free seats of `mode` to the people waiting longest, and mail each. Runs under the event's lock, and
    a person leaves the waiting list in the same transaction as their mail is queued: mailed exactly once."""
    free = event.capacity(mode) - event.seats_taken(mode)
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
    add_seats(event, mode, len(waiting))
    return waiting


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat of their way of attending; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.mode == registration.mode,
        Registration.status == RegistrationStatus.WAITLISTED, Registration.id <= registration.id))


def _require_open(event: Event | Row, mode: AttendanceMode) -> None:
    problem = registration_closed_problem(event, utcnow())
    if problem:
        raise RegistrationError(problem)
    if mode not in MODES_OF_FORMAT[event.format]:
        raise RegistrationError(_l("This event cannot be attended that way."))


@dataclass(frozen=True)
class Prepared:
    """A registration written seated or waiting, with its mail queued: what `_settle` changes when the other
    outcome is the right one."""

    registration_id: int
    seated: bool
    message_id: int
    mode: AttendanceMode
    recipient: str
    locale: str


# A registration is one Core insert, its statement built once: making the ORM object and flushing it was a tenth
# of a sign-up's CPU.
_ADD_REGISTRATION = insert(REGISTRATIONS).returning(REGISTRATIONS.c.id)
_SET_PLACE = (update(REGISTRATIONS).where(REGISTRATIONS.c.id == bindparam("registration_id"))
              .values(status=bindparam("status"), confirmed_at=bindparam("confirmed_at"),
                      waitlisted_at=bindparam("waitlisted_at")))
_FORGET_MESSAGE = delete(OutboxMessage.__table__).where(OutboxMessage.__table__.c.id == bindparam("message_id"))


def _prepare(values: dict, seated: bool, user: User, recipient: str) -> Prepared:
    """Write the registration of `values` (its columns), seated or waiting, and queue its mail to `recipient`
    (written when sent: `mails`). The database refuses a second own registration of `user`
    (`OWN_REGISTRATION_INDEX`: a double click, or two tabs) and a check-in code that another registration has."""
    try:
        registration_id = db.session.execute(_ADD_REGISTRATION, values | _place(seated)).scalar_one()
    except IntegrityError:
        db.session.rollback()
        if values.get("registered_by_id") is None and own_registration(values["event_id"], user) is not None:
            raise RegistrationError(_l("You are already registered for this event.")) from None
        if db.session.scalar(select(Registration.id).where(
                Registration.check_in_code == values["check_in_code"])) is not None:
            raise CheckInCodeTaken from None
        raise
    return Prepared(registration_id, seated, mail_signed_up(registration_id, seated, recipient, user.locale),
                    values["mode"], recipient, user.locale)


def _settle(event: Event, prepared: Prepared) -> None:
    """Under the event's lock (`event` read afresh): the registration takes a seat if one is free — freed since
    the request looked, with nobody waiting, as promotion leaves no free seat while people wait — and waits
    otherwise; its mail is swapped when that is not what was prepared."""
    problem = registration_closed_problem(event, utcnow())
    if problem:
        raise RegistrationError(problem)
    seated = has_free_seat(event, prepared.mode)
    if seated:
        add_seats(event, prepared.mode, 1)
    if seated != prepared.seated:
        db.session.execute(_FORGET_MESSAGE, {"message_id": prepared.message_id})
        db.session.execute(_SET_PLACE, {"registration_id": prepared.registration_id, **_place(seated)})
        mail_signed_up(prepared.registration_id, seated, prepared.recipient, prepared.locale)


def _place(seated: bool) -> dict:
    now = utcnow()
    if seated:
        return {"status": RegistrationStatus.REGISTERED, "confirmed_at": now, "waitlisted_at": None}
    return {"status": RegistrationStatus.WAITLISTED, "confirmed_at": None, "waitlisted_at": now}
