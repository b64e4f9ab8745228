"""Events (partner lectures, exchange meetings, others), their status history, and registrations."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partners.accounts.models import User
from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db

if TYPE_CHECKING:
    from partners.members.models import Partner


class EventKind(StrEnum):
    LECTURE = "lecture"
    EXCHANGE = "exchange"
    OTHER = "other"


class EventFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Audience(StrEnum):
    ANYONE = "anyone"
    PARTNERS = "partners"
    GROUP_PARTNERS = "group_partners"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class AttendanceMode(StrEnum):
    """How one registrant attends: a hybrid event offers both, with a capacity each."""

    IN_PERSON = "in_person"
    ONLINE = "online"


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


MODES_OF_FORMAT = {
    EventFormat.IN_PERSON: (AttendanceMode.IN_PERSON,),
    EventFormat.ONLINE: (AttendanceMode.ONLINE,),
    EventFormat.HYBRID: (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE),
}
# Registrations that hold a seat.
SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
# A person has one own registration per event that is not cancelled: the database refuses a second (a double
# click, two tabs), so a sign-up need not look for one under the event's lock.
OWN_REGISTRATION_INDEX = "uq_event_registrations_own"
_OWN_AND_NOT_CANCELLED = text("registered_by_id IS NULL AND status != 'cancelled'")


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_status_starts_at", "status", "starts_at"),
        {"sqlite_autoincrement": True},  # links and calendar UIDs carry the id: never reuse one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus), default=EventStatus.DRAFT)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(200), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown source
    speakers: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    format: Mapped[EventFormat] = mapped_column(enum_column(EventFormat))
    venue: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    # Shown only to registered participants: never on a public page, in a feed, a public .ics or an API.
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity_in_person: Mapped[int | None]
    capacity_online: Mapped[int | None]
    # The seats held (registered, attended, no-show) per way of attending, kept in step with the registrations
    # by `partners.events.seats`: a sign-up takes its seat with one conditional UPDATE of this counter as the
    # last statement before its commit, so the event's row is locked for microseconds, not for the request.
    seats_taken_in_person: Mapped[int] = mapped_column(default=0, server_default="0")
    seats_taken_online: Mapped[int] = mapped_column(default=0, server_default="0")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    audience: Mapped[Audience] = mapped_column(enum_column(Audience), default=Audience.ANYONE)
    certifies: Mapped[bool] = mapped_column(default=False)
    # RFC 5545: the UID never changes; SEQUENCE goes up with every change a calendar should pick up.
    ical_uid: Mapped[str] = mapped_column(String(100), unique=True)
    ical_sequence: Mapped[int] = mapped_column(default=0)
    # Set once, when the event is first published: a cancelled event is public only if it was ever published.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    status_changes: Mapped[list["EventStatusChange"]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="[EventStatusChange.at, EventStatusChange.id]",
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} {self.status} {self.starts_at:%Y-%m-%d}>"

    @property
    def modes(self) -> tuple[AttendanceMode, ...]:
        return MODES_OF_FORMAT[self.format]

    def capacity(self, mode: AttendanceMode) -> int:
        if mode not in self.modes:
            return 0
        value = self.capacity_in_person if mode == AttendanceMode.IN_PERSON else self.capacity_online
        return value or 0

    def seats_taken(self, mode: AttendanceMode) -> int:
        return self.seats_taken_in_person if mode == AttendanceMode.IN_PERSON else self.seats_taken_online


class EventStatusChange(db.Model):
    """Every lifecycle transition of an event, with who, when and why."""

    __tablename__ = "event_status_changes"
    __table_args__ = (Index("ix_event_status_changes_event_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    from_status: Mapped[EventStatus | None] = mapped_column(enum_column(EventStatus))
    to_status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="status_changes")


class Registration(db.Model):
    """One seat (or place on the waitlist) at an event, for one person in one attendance mode.

    A person registers themself (`user_id`, and `partner_id` when attending certifies their individual
    partnership), or a group contact (`registered_by_id`) registers a named person of their group
    (`group_partner_id`, `attendee_name`, `attendee_email`) for an exchange meeting. Erasing an account cuts
    `user_id` and blanks the attendee's name and address; the row stays for anonymous counts."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        Index("ix_event_registrations_event_mode_status", "event_id", "mode", "status"),
        Index(OWN_REGISTRATION_INDEX, "event_id", "user_id", unique=True,
              sqlite_where=_OWN_AND_NOT_CANCELLED, postgresql_where=_OWN_AND_NOT_CANCELLED),
        {"sqlite_autoincrement": True},  # the participant's links carry the id: never reuse one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    group_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"),
                                                         index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    attendee_name: Mapped[str | None] = mapped_column(String(200))
    attendee_email: Mapped[str | None] = mapped_column(String(254))
    mode: Mapped[AttendanceMode] = mapped_column(enum_column(AttendanceMode))
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    check_in_code: Mapped[str] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    partner: Mapped["Partner | None"] = relationship("Partner", foreign_keys=[partner_id])
    group_partner: Mapped["Partner | None"] = relationship("Partner", foreign_keys=[group_partner_id])

    def __repr__(self) -> str:
        return f"<Registration {self.id} event {self.event_id} {self.mode} {self.status}>"

    @property
    def person_name(self) -> str:
        return self.attendee_name or (self.user.name if self.user else "")

    @property
    def email(self) -> str | None:
        """Where this registration's mail goes: the named person's address, or the registrant's account."""
        return self.attendee_email or (self.user.email if self.user else None)

    @property
    def holds_seat(self) -> bool:
        return self.status in SEATED

    @property
    def is_open(self) -> bool:
        """Still on the list: registered or waiting."""
        return self.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
