"""Who came: recording attendance, staff's corrections, no-shows when an event is finished, and the
certification an attended certifying lecture brings.

Certification happens when attendance is recorded (check-in, a tick, an uploaded list), so that a person is a
partner — with a member number and the welcome mail — while still in the room; finishing the event certifies
anyone attended who was not yet (someone who applied after being checked in). Either way the partners service
is asked only while the partner can still be certified (applied, or changes requested), under a lock on the
partner's row: a person is certified exactly once however often attendance is recorded, corrected or the
event finished, and a correction to "did not attend" never takes a membership back (staff do that on the
partner's record, with a reason).

Every change runs under the event's lock (`lock_event`), and every staff change is in the audit log (who, when,
from which state to which)."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import utcnow
from partners.events.lifecycle import TransitionError
from partners.events.models import Event, EventStatus, Registration, RegistrationStatus
from partners.events.publishing import event_finished
from partners.events.registration import individual_partner
from partners.events.seats import lock_event
from partners.extensions import db
from partners.members import lifecycle as partner_lifecycle
from partners.members.models import Partner

R = RegistrationStatus
# Events whose attendance staff record: being held, or held (online lists often arrive afterwards).
RECORDING = (EventStatus.PUBLISHED, EventStatus.FINISHED)


@dataclass
class Marked:
    """What recording one attendance did: whether it changed anything, and the partner it certified."""

    changed: bool
    certified: Partner | None = None


class AttendanceError(TransitionError):
    """Attendance cannot be recorded like this; the message says why in the user's language."""


def lock_for_attendance(event_id: int) -> Event:
    event = lock_event(event_id)
    if event.status not in RECORDING:
        raise AttendanceError(_l("Attendance is recorded only for published or finished events."))
    return event


def refusal(registration: Registration) -> str | None:
    """Why this registration cannot be marked attended, or None."""
    if registration.status == R.CANCELLED:
        return _("This registration was cancelled.")
    if registration.status == R.WAITLISTED:
        return _("This person is on the waiting list and has no seat.")
    return None


def record_attended(event: Event, registration: Registration, actor: User, at: datetime | None = None) -> Marked:
    """Mark one registration of the locked `event` attended and certify the person if the event certifies;
    a registration attended already stays as it was."""
    problem = refusal(registration)
    if problem:
        raise AttendanceError(problem)
    if registration.status == R.ATTENDED:
        return Marked(changed=False)
    previous = registration.status
    at = at or utcnow()
    registration.status = R.ATTENDED
    registration.attended_at = registration.checked_in_at = at
    registration.checked_in_by_id = actor.id
    record(actor, "registration.attended", "registration", registration.id, detail=f"from={previous}")
    return Marked(changed=True, certified=certify_attendee(event, registration, actor, at))


def record_no_show(event_id: int, registration_id: int, actor: User) -> Registration:
    """Staff correct an attendance: the person did not come after all. A certification stays."""
    event = lock_for_attendance(event_id)
    registration = registration_of(event, registration_id)
    if registration.status != R.ATTENDED:
        raise AttendanceError(_l("Only an attended registration can be corrected to “did not attend”."))
    registration.status = R.NO_SHOW
    registration.attended_at = registration.checked_in_at = None
    registration.checked_in_by_id = None
    record(actor, "registration.no_show", "registration", registration.id, detail="from=attended")
    return registration


def record_attended_by_id(event_id: int, registration_id: int, actor: User) -> Marked:
    event = lock_for_attendance(event_id)
    return record_attended(event, registration_of(event, registration_id), actor)


def record_many_attended(event_id: int, registration_ids: list[int], actor: User) -> int:
    """Staff tick attendees in bulk (an online meeting): returns how many were newly marked attended."""
    event = lock_for_attendance(event_id)
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.id.in_(registration_ids),
    ).order_by(Registration.id)).all()
    return sum(record_attended(event, registration, actor).changed for registration in registrations)


def registration_of(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id:
        raise AttendanceError(_l("This registration is not for this event."))
    return registration


def certify_attendee(event: Event, registration: Registration, actor: User | None,
                     at: datetime) -> Partner | None:
    """Certify the attendee's individual partnership if the event certifies and it is still pending; returns
    the partner when this call certified them."""
    if not event.certifies or registration.status != R.ATTENDED:
        return None
    partner = registration.partner
    if partner is None and registration.user is not None and registration.registered_by_id is None:
        partner = individual_partner(registration.user)
    if partner is None:
        return None
    db.session.refresh(partner, with_for_update=True)
    if "certify" not in partner_lifecycle.staff_actions(partner):
        return None
    reason = _("Attended the lecture “%(title)s”", title=event.title)
    return partner if partner_lifecycle.certify_individual(partner, actor, reason, at) else None


@event_finished.connect
def close_attendance(event: Event, actor: User) -> None:
    """When an event is finished, everyone still registered did not come; anyone attended and not yet
    certified is certified now."""
    now = utcnow()
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status.in_((R.REGISTERED, R.ATTENDED)),
    ).order_by(Registration.id)).all()
    for registration in registrations:
        if registration.status == R.REGISTERED:
            registration.status = R.NO_SHOW
        else:
            certify_attendee(event, registration, actor, registration.attended_at or now)
