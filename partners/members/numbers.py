"""Member numbers (会員番号): issued from a per-kind counter that only goes up, so none is ever reused."""

import functools
import re

from flask import current_app
from sqlalchemy import exists, select

from partners.extensions import db
from partners.members.bulk import one_of
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


def issue_member_nos(kind: PartnerKind, count: int) -> list[str]:
    """The next `count` free numbers, as `issue_member_no` would issue them one by one, finding the taken ones
    with one query per 1,000 candidates rather than one per number (an import may issue 100,000)."""
    if not count:
        return []
    counter, issued = _counter(kind), []
    while len(issued) < count:
        candidates = {_pattern(kind).format(counter.last_value + step): counter.last_value + step
                      for step in range(1, min(count - len(issued), 1000) + 1)}
        taken = set(db.session.scalars(select(Partner.member_no).where(one_of(Partner.member_no, candidates))))
        issued.extend(member_no for member_no in candidates if member_no not in taken)
        counter.last_value = max(candidates.values())
    return issued


def sequence_value(kind: PartnerKind, member_no: str) -> int | None:
    """The counter value a number written exactly as this kind's pattern writes it stands for (I-00042 → 42),
    else None. Wider numbers than MAX_DIGITS digits are not ours: they would carry the counter out of range."""
    pattern = _pattern(kind)
    match = _number_regex(pattern).fullmatch(member_no)
    value = int(match.group(1)) if match else 0
    return value if value >= 1 and pattern.format(value) == member_no else None


@functools.lru_cache(maxsize=16)
def _number_regex(pattern: str) -> re.Pattern:
    prefix, _, rest = pattern.partition("{")
    suffix = rest.partition("}")[2]
    return re.compile(f"{re.escape(prefix)}([0-9]{{1,{MAX_DIGITS}}}){re.escape(suffix)}")


def example_member_no(kind: PartnerKind) -> str:
    return _pattern(kind).format(1)


def note_member_no(kind: PartnerKind, member_no: str) -> None:
    """Keep a number given from outside (an import) out of the counter's way."""
    value = sequence_value(kind, member_no)
    if value is not None:
        counter = _counter(kind)
        counter.last_value = max(counter.last_value, value)
