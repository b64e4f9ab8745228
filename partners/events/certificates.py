"""The attendance certificate (参加証明書) a participant prints for an event they attended, and who may see a
registration's QR code."""

from dataclasses import dataclass

from partners.accounts.models import User
from partners.events.models import Event, Registration, RegistrationStatus
from partners.events.registration import individual_partner
from partners.extensions import db
from partners.members.models import PartnerStatus


@dataclass
class AttendanceCertificate:
    event: Event
    name: str
    member_no: str | None  # the person's own (individual) member number, when they are a partner
    group_name: str | None  # the group partner a contact registered them for, if any
    group_member_no: str | None


def own_registration(registration_id: int, user: User) -> Registration | None:
    """A registration the person may see: their own, or one they made for a named person of their group."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or user.id not in (registration.user_id, registration.registered_by_id):
        return None
    return registration


def attendance_certificate(registration_id: int, user: User) -> AttendanceCertificate | None:
    """The certificate for an attended registration the person may see; None for anything else."""
    registration = own_registration(registration_id, user)
    if registration is None or registration.status != RegistrationStatus.ATTENDED:
        return None
    partner = registration.partner
    if partner is None and registration.user is not None and registration.registered_by_id is None:
        partner = individual_partner(registration.user)
    member_no = partner.member_no if partner is not None and partner.status == PartnerStatus.ACTIVE else None
    group = registration.group_partner
    return AttendanceCertificate(
        event=registration.event, name=registration.person_name, member_no=member_no,
        group_name=group.name if group is not None else None,
        group_member_no=group.member_no if group is not None else None,
    )
