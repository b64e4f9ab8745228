"""News posts, collaborations between partners (a request that is accepted becomes one) and showcase entries."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner


class NewsStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class NewsPost(db.Model):
    """A news post (お知らせ) written by staff. Public once published and its publish time has come."""

    __tablename__ = "news_posts"
    __table_args__ = (
        Index("ix_news_posts_status_publish_at", "status", "publish_at"),
        {"sqlite_autoincrement": True},  # links and feed entries carry the id: never reuse one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown source
    status: Mapped[NewsStatus] = mapped_column(enum_column(NewsStatus), default=NewsStatus.DRAFT)
    publish_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pinned: Mapped[bool] = mapped_column(default=False)
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_type: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CollaborationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Collaboration(db.Model):
    """A request from one partner to another (連携の申込). Accepted, it is a collaboration (連携): both partners
    then see each other's contacts, and the KPI counts it. The message is personal text, erased with its
    writer; the row stays for anonymous counts."""

    __tablename__ = "collaborations"
    __table_args__ = (
        Index("ix_collaborations_recipient_status", "recipient_id", "status"),
        Index("ix_collaborations_sender_status", "sender_id", "status"),
        {"sqlite_autoincrement": True},  # mailed links carry the id: never reuse one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CollaborationStatus] = mapped_column(enum_column(CollaborationStatus),
                                                        default=CollaborationStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_reason: Mapped[str | None] = mapped_column(Text)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    sender: Mapped[Partner] = relationship(foreign_keys=[sender_id])
    recipient: Mapped[Partner] = relationship(foreign_keys=[recipient_id])

    @property
    def is_accepted(self) -> bool:
        return self.status == CollaborationStatus.ACCEPTED

    def other_side(self, partner_id: int) -> Partner:
        return self.recipient if partner_id == self.sender_id else self.sender


class ShowcaseStatus(StrEnum):
    DRAFT = "draft"  # waiting for the other partner's consent
    AWAITING_APPROVAL = "awaiting_approval"  # both partners consented; staff review it
    PUBLISHED = "published"


class ShowcaseEntry(db.Model):
    """A collaboration told by the two partners together (連携事例): published when both consented to the
    text as it stands and staff approved it. Any edit asks the other side's consent again."""

    __tablename__ = "showcase_entries"
    __table_args__ = (
        Index("ix_showcase_entries_status_published_at", "status", "published_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id", ondelete="CASCADE"),
                                                  unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(String(60), default="")  # "11,17": the goals, in order
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_type: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[ShowcaseStatus] = mapped_column(enum_column(ShowcaseStatus), default=ShowcaseStatus.DRAFT)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    sender_consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recipient_consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    collaboration: Mapped[Collaboration] = relationship()

    @property
    def goal_numbers(self) -> list[int]:
        return [int(number) for number in self.goals.split(",") if number]
