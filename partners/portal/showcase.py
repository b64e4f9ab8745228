"""Showcase entries (連携事例): two partners who collaborated tell what they did. Either side writes the entry; it
waits for the other side's consent to that very text, then for staff approval, and is then public. Any change
asks the other side again and takes the entry off the portal until it is approved again."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner
from partners.portal.collaborations import CollaborationError, visible_to
from partners.portal.images import image_type
from partners.portal.models import Collaboration, ShowcaseEntry, ShowcaseStatus

S = ShowcaseStatus


@dataclass
class ShowcaseData:
    title: str
    body: str
    goals: list[int]
    image: bytes | None = None


def entry_of(collaboration: Collaboration) -> ShowcaseEntry | None:
    return db.session.scalar(select(ShowcaseEntry).where(ShowcaseEntry.collaboration_id == collaboration.id)
                             .options(defer(ShowcaseEntry.image)))


def save_entry(collaboration: Collaboration, data: ShowcaseData, actor: User) -> ShowcaseEntry:
    side = visible_to(collaboration, actor)
    if side is None or not collaboration.is_accepted:
        raise CollaborationError(_l("Only the partners of an accepted collaboration can write its showcase entry."))
    entry = entry_of(collaboration)
    if entry is None:
        entry = ShowcaseEntry(collaboration=collaboration)
        db.session.add(entry)
    entry.title, entry.body, entry.written_by_id = data.title, data.body, actor.id
    entry.goals = ",".join(str(number) for number in sorted(set(data.goals)))
    if data.image is not None:
        entry.image, entry.image_type = data.image, image_type(data.image)
    entry.status, entry.published_at, entry.approved_by_id = S.DRAFT, None, None
    now = utcnow()
    is_sender = side.id == collaboration.sender_id
    entry.sender_consented_at = now if is_sender else None
    entry.recipient_consented_at = None if is_sender else now
    db.session.flush()
    return entry


def consent(entry: ShowcaseEntry, actor: User) -> None:
    collaboration = entry.collaboration
    side = visible_to(collaboration, actor)
    if side is None:
        raise CollaborationError(_l("Only the partners of the collaboration can consent."))
    if side.id == collaboration.sender_id:
        entry.sender_consented_at = entry.sender_consented_at or utcnow()
    else:
        entry.recipient_consented_at = entry.recipient_consented_at or utcnow()
    if entry.status == S.DRAFT and entry.sender_consented_at and entry.recipient_consented_at:
        entry.status = S.AWAITING_APPROVAL


def approve(entry: ShowcaseEntry, actor: User) -> None:
    if entry.status != S.AWAITING_APPROVAL:
        raise CollaborationError(_l("Only an entry both partners consented to can be published."))
    entry.status, entry.published_at, entry.approved_by_id = S.PUBLISHED, utcnow(), actor.id
    record(actor, "showcase.approve", "showcase_entry", entry.id)


def _with_partners():
    """The entry with both partners' names in the same query; their goals are not shown, so not loaded."""
    collaboration = joinedload(ShowcaseEntry.collaboration)
    return (defer(ShowcaseEntry.image),
            collaboration.joinedload(Collaboration.sender).lazyload(Partner.goal_links),
            collaboration.joinedload(Collaboration.recipient).lazyload(Partner.goal_links))


def published(page: int, size: int) -> tuple[list[ShowcaseEntry], bool]:
    rows = list(db.session.scalars(
        select(ShowcaseEntry).where(ShowcaseEntry.status == S.PUBLISHED).options(*_with_partners())
        .order_by(ShowcaseEntry.published_at.desc(), ShowcaseEntry.id.desc()).offset((page - 1) * size)
        .limit(size + 1)))
    return rows[:size], len(rows) > size


def published_entry(entry_id: int) -> ShowcaseEntry | None:
    return db.session.scalar(select(ShowcaseEntry).where(ShowcaseEntry.id == entry_id,
                                                         ShowcaseEntry.status == S.PUBLISHED)
                             .options(*_with_partners()))


def published_image(entry_id: int) -> tuple[bytes | None, str | None]:
    row = db.session.execute(select(ShowcaseEntry.image, ShowcaseEntry.image_type)
                             .where(ShowcaseEntry.id == entry_id, ShowcaseEntry.status == S.PUBLISHED)).first()
    return (row.image, row.image_type) if row else (None, None)


def awaiting_approval() -> list[ShowcaseEntry]:
    return list(db.session.scalars(
        select(ShowcaseEntry).where(ShowcaseEntry.status == S.AWAITING_APPROVAL).options(*_with_partners())
        .order_by(ShowcaseEntry.updated_at, ShowcaseEntry.id).limit(200)))
