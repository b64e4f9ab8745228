"""Staff reports of one event: the participant list as CSV for Excel, and who goes on the printed sign-in sheet.

The CSV follows the partner export (partners/members/csv_io.py): UTF-8 with a BOM, Japanese headers whatever
the staff member's language, text Excel would run as a formula behind an apostrophe, streamed in pieces."""

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import local_zone
from partners.events.models import AttendanceMode, Event, Registration, RegistrationStatus
from partners.extensions import db
from partners.members.csv_columns import excel_safe
from partners.members.csv_io import EXPORT_CHUNK_CHARS, take

R = RegistrationStatus
HEADER = ["申込番号", "氏名", "メールアドレス", "団体名", "参加方法", "状態", "申込日時", "出席確認日時"]
MODE_WORDS = {AttendanceMode.IN_PERSON: "会場", AttendanceMode.ONLINE: "オンライン"}
STATUS_WORDS = {R.REGISTERED: "申込済み", R.WAITLISTED: "キャンセル待ち", R.ATTENDED: "出席", R.NO_SHOW: "欠席",
                R.CANCELLED: "取消"}
ERASED = "（削除済み）"


def participants_csv(event: Event, actor: User | None) -> Iterator[str]:
    """Every registration of `event` in order of arrival, as CSV text in pieces. Staff reading people's data is
    logged: the audit entry is added now and the caller commits it before reading the pieces."""
    record(actor, "event.participants_export", "event", event.id)
    return _csv_text(_registrations(event))


def sign_in_sheet(event: Event) -> list[Registration]:
    """Who signs in at the door: everyone holding an in-person seat, in order of arrival; one query."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.mode == AttendanceMode.IN_PERSON,
                                   Registration.status.in_((R.REGISTERED, R.ATTENDED, R.NO_SHOW)))
        .options(selectinload(Registration.user), selectinload(Registration.group_partner))
        .order_by(Registration.id)))


def _registrations(event: Event) -> Iterator[Registration]:
    yield from db.session.scalars(
        select(Registration).where(Registration.event_id == event.id)
        .options(selectinload(Registration.user), selectinload(Registration.group_partner))
        .order_by(Registration.id))


def _row(registration: Registration) -> list[str]:
    group = registration.group_partner.name if registration.group_partner is not None else ""
    cells = [str(registration.id), registration.person_name or ERASED, registration.email or "", group,
             MODE_WORDS[registration.mode], STATUS_WORDS[registration.status], _local(registration.created_at),
             _local(registration.checked_in_at)]
    return [excel_safe(cell) for cell in cells]


def _local(moment: datetime | None) -> str:
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv_text(registrations: Iterator[Registration]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield "\ufeff" + take(buffer)
    for registration in registrations:
        writer.writerow(_row(registration))
        if buffer.tell() >= EXPORT_CHUNK_CHARS:
            yield take(buffer)
    yield take(buffer)
