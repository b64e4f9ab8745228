"""Member numbers (会員番号): issued from a per-kind counter that only goes up, so none is ever reused."""

import re

from flask import current_app
from sqlalchemy import exists, select

from partners.extensions import db
from partners.members.models import MemberNumberCounter, Partner, PartnerKind

MAX_DIGITS = 7


def _counter(kind: PartnerKind) -> MemberNumberCounter:
    counter = db.session.execute(
        select(MemberNumberCounter).where(MemberNumberCounter.kind == kind).with_for_update()
    ).scalar_one_or_none()
    if counter is None:
        counter = MemberNumberCounter(kind=kind, last_value=0)
        db.session.add(counter)
    return counter


def _pattern(kind: PartnerKind) -> str:
    return current_app.config["MEMBER_NO_FORMATS"][str(kind)]


def issue_member_no(kind: PartnerKind) -> str:
    """The next free number; the counter row stays locked until the caller commits (PostgreSQL)."""
    counter = _counter(kind)
    while True:
        counter.last_value += 1
        member_no = _pattern(kind).format(counter.last_value)
        if not db.session.scalar(select(exists().where(Partner.member_no == member_no))):
            return member_no


def sequence_value(kind: PartnerKind, member_no: str) -> int | None:
    """The counter value a number written exactly as this kind's pattern writes it stands for (I-00042 → 42),
    else None. Wider numbers than MAX_DIGITS digits are not ours: they would carry the counter out of range."""
    prefix, _, rest = _pattern(kind).partition("{")
    suffix = rest.partition("}")[2]
    match = re.fullmatch(f"{re.escape(prefix)}([0-9]{{1,{MAX_DIGITS}}}){re.escape(suffix)}", member_no)
    value = int(match.group(1)) if match else 0
    return value if value >= 1 and _pattern(kind).format(value) == member_no else None


def example_member_no(kind: PartnerKind) -> str:
    return _pattern(kind).format(1)


def note_member_no(kind: PartnerKind, member_no: str) -> None:
    """Keep a number given from outside (an import) out of the counter's way."""
    value = sequence_value(kind, member_no)
    if value is not None:
        counter = _counter(kind)
        counter.last_value = max(counter.last_value, value)
