"""Online attendance from the participant list a meeting tool exports (Zoom, Teams, Webex …): a CSV file with
e-mail addresses, in whatever columns and with whatever other lines the tool writes. Read like the partner
import (partners/members/csv_io.py): UTF-8 with or without BOM, or CP932; every line is checked before anything
is written, and then everything is written in one transaction.

A line with an address is matched to the event's registrations by address; a line without one (the header, the
tool's title and summary lines) is passed over. An address that matches nobody, or a registration that holds no
seat, is reported with its line; a file with such lines changes nothing unless staff ask to skip them."""

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.text import normalise_email
from partners.events.attendance import lock_for_attendance, record_attended, refusal
from partners.events.models import Event, Registration, RegistrationStatus
from partners.extensions import db

ENCODINGS = ("utf-8-sig", "cp932")
ADDRESS = re.compile(r"[^@\s,;<>()\"']+@[^@\s,;<>()\"']+\.[^@\s,;<>()\"'.]+")


@dataclass
class AttendanceListResult:
    errors: list[str] = field(default_factory=list)  # the file cannot be read: nothing is written
    unmatched: list[str] = field(default_factory=list)  # lines that match nobody with a seat
    recorded: int = 0  # newly marked attended
    already: int = 0  # attended before this file
    written: bool = False


def line_message(line: int, message: str) -> str:
    return _("Line %(line)d: %(message)s", line=line, message=message)


def import_attendance_list(event_id: int, raw: bytes, actor: User,
                           skip_unmatched: bool = False) -> AttendanceListResult:
    """Mark everyone on the list attended. The caller commits when `written`, and rolls back otherwise."""
    event = lock_for_attendance(event_id)
    result = AttendanceListResult()
    text = _decode(raw, result)
    matched = _match(event, text, result) if text is not None else []
    if result.errors or (result.unmatched and not skip_unmatched):
        return result
    for registration in matched:
        if record_attended(event, registration, actor).changed:
            result.recorded += 1
        else:
            result.already += 1
    record(actor, "event.attendance_list", "event", event.id,
           detail=f"recorded={result.recorded} already={result.already} skipped={len(result.unmatched)}")
    result.written = True
    return result


def _decode(raw: bytes, result: AttendanceListResult) -> str | None:
    if b"\x00" in raw:
        result.errors.append(_("The file contains NUL bytes, so it is not a CSV text file. Save it as CSV (UTF-8 "
                               "or Shift_JIS)."))
        return None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    result.errors.append(_("The file is neither UTF-8 nor Shift_JIS (CP932) text."))
    return None


def _match(event: Event, text: str, result: AttendanceListResult) -> list[Registration]:
    by_address = _registrations_by_address(event)
    matched, seen, end_of_previous = [], set(), 0
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            addresses = [normalise_email(found) for cell in cells for found in ADDRESS.findall(cell)]
            if not addresses or addresses[0] in seen:
                continue  # a line without an address, or someone who joined the meeting more than once
            address = addresses[0]
            seen.add(address)
            registration = by_address.get(address)
            if registration is None:
                result.unmatched.append(line_message(line, _("%(email)s matches nobody registered for this "
                                                             "event.", email=address)))
            elif refusal(registration):
                result.unmatched.append(line_message(line, f"{address}: {refusal(registration)}"))
            else:
                matched.append(registration)
    except csv.Error:
        result.errors.append(line_message(end_of_previous + 1, _("This line is not valid CSV (check the quotation "
                                                                  "marks).")))
    if not seen and not result.errors:
        result.errors.append(_("The file has no e-mail addresses."))
    return matched


def _registrations_by_address(event: Event) -> dict[str, Registration]:
    """Each address's registration for the event; where one person has several (cancelled, then registered
    again), the one holding a seat wins."""
    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                       .options(selectinload(Registration.user)).order_by(Registration.id)).all()
    found: dict[str, Registration] = {}
    for registration in registrations:
        address = normalise_email(registration.email)
        if address and (address not in found or registration.status != RegistrationStatus.CANCELLED):
            found[address] = registration
    return found
