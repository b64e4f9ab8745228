"""Checking people in at the door: by the short code typed from the mail or the participant's page, by the
scanned QR code (its link or bare token), or by name from the event's list."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partners.accounts.models import User
from partners.core.text import fold_for_search
from partners.events.attendance import AttendanceError, lock_for_attendance, record_attended, refusal
from partners.events.models import SEATED, Event, Registration, RegistrationStatus
from partners.events.qr import CODE_ALPHABET, CODE_LENGTH, registration_for_token
from partners.extensions import db

SHORT_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
# What the check-in list shows: everyone with a seat, and those refused at the door, so staff can tell them why.
LISTED = (*SEATED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED)


@dataclass
class CheckIn:
    """The answer the check-in page shows: who, and whether they had been checked in before (and when)."""

    registration: Registration
    already: bool
    at: datetime | None
    member_no: str | None = None  # when this check-in certified the person


class CheckInError(AttendanceError):
    """The code cannot check anybody in here; the message says why."""


def short_code(value: str) -> str | None:
    """A typed code as stored: full-width letters, lower case, spaces and hyphens forgiven."""
    folded = re.sub(r"[\s\-‐]", "", unicodedata.normalize("NFKC", value)).upper()
    return folded if SHORT_CODE.fullmatch(folded) else None


def find_registration(value: str) -> Registration | None:
    """The registration a typed code or a scanned QR code (the link, or its token) names."""
    value = (value or "").strip()
    code = short_code(value)
    if code is not None:
        return db.session.scalar(select(Registration).where(Registration.check_in_code == code))
    token = value.rstrip("/").rsplit("/", 1)[-1]
    return registration_for_token(token) if token else None


def check_in(event_id: int, value: str, actor: User) -> CheckIn:
    """Check in the person the code names, at the event staff have open. The same code twice answers
    "already checked in" with the time; a code of another event, a cancelled registration or a place on the
    waiting list is refused with a message that says so."""
    event = lock_for_attendance(event_id)
    registration = find_registration(value)
    if registration is None:
        raise CheckInError(_l("No registration has this code. Check the code and try again."))
    if registration.event_id != event.id:
        raise CheckInError(_l("This code is for another event (%(title)s), not this one.",
                              title=registration.event.title))
    return _check_in(event, registration, actor)


def check_in_registration(event_id: int, registration_id: int, actor: User) -> CheckIn:
    """Check in a person staff picked from the list by name."""
    event = lock_for_attendance(event_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id:
        raise CheckInError(_l("This registration is not for this event."))
    return _check_in(event, registration, actor)


def _check_in(event: Event, registration: Registration, actor: User) -> CheckIn:
    problem = refusal(registration)
    if problem:
        raise CheckInError(problem)
    marked = record_attended(event, registration, actor)
    return CheckIn(registration, already=not marked.changed, at=registration.checked_in_at,
                   member_no=marked.certified.member_no if marked.certified else None)


def checkin_list(event: Event, query: str = "") -> list[Registration]:
    """The event's registrations for the check-in page, those still to check in first, each part in order of
    arrival; filtered by name, e-mail address or code
    (hiragana and katakana, case and widths folded); one query."""
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status.in_(LISTED),
    ).options(selectinload(Registration.user)).order_by(Registration.id)).all()
    needle = fold_for_search(query)
    if needle:
        registrations = [r for r in registrations
                         if needle in fold_for_search(f"{r.person_name} {r.email or ''} {r.check_in_code}")]
    return sorted(registrations, key=lambda r: (r.status != RegistrationStatus.REGISTERED, r.id))
