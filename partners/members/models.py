from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.functions import FunctionElement

from partners.accounts.models import User
from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db


class PartnerKind(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"


class PartnerStatus(StrEnum):
    """DESIGN.md's lifecycle, plus the two outcomes of a staff review that are not membership:
    `changes_requested` (sent back with a comment; the applicant edits and resubmits) and `rejected`."""

    APPLIED = "applied"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class Visibility(StrEnum):
    PUBLIC = "public"
    PARTNERS = "partners"
    PRIVATE = "private"


class ContactRole(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"


PROFILE_SECTIONS = ("listing", "activities", "offers_needs", "contact")


class Partner(db.Model):
    __tablename__ = "partners"
    __table_args__ = (
        Index("ix_partners_kind_status", "kind", "status"),
        Index("ix_partners_kana_sort", "kana_sort_key"),
        {"sqlite_autoincrement": True},  # ids of deleted rows are never handed out again
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PartnerKind] = mapped_column(enum_column(PartnerKind))
    status: Mapped[PartnerStatus] = mapped_column(enum_column(PartnerStatus), default=PartnerStatus.APPLIED)
    member_no: Mapped[str | None] = mapped_column(String(30), unique=True)

    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str] = mapped_column(String(200), default="")
    kana_sort_key: Mapped[str] = mapped_column(String(400), default="")
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(50), default="", index=True)
    group_type: Mapped[str | None] = mapped_column(String(50), index=True)
    representative: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    size: Mapped[int | None]
    activities: Mapped[str] = mapped_column(Text, default="")
    offers: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")

    visibility_listing: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PUBLIC)
    visibility_activities: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PUBLIC)
    visibility_offers_needs: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PUBLIC)
    visibility_contact: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PARTNERS)

    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    certified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    joined_on: Mapped[date | None] = mapped_column(Date, index=True)
    review_comment: Mapped[str | None] = mapped_column(Text)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    goal_links: Mapped[list["PartnerGoal"]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", lazy="selectin", order_by="PartnerGoal.goal"
    )
    contacts: Mapped[list["PartnerContact"]] = relationship(back_populates="partner", cascade="all, delete-orphan")
    status_changes: Mapped[list["PartnerStatusChange"]] = relationship(
        back_populates="partner", cascade="all, delete-orphan",
        order_by="[PartnerStatusChange.at, PartnerStatusChange.id]",
    )

    def __repr__(self) -> str:
        return f"<Partner {self.id} {self.kind} {self.status} {self.member_no}>"

    @property
    def goals(self) -> list[int]:
        return [link.goal for link in self.goal_links]

    @goals.setter
    def goals(self, numbers) -> None:
        wanted = sorted(set(numbers))
        kept = [link for link in self.goal_links if link.goal in wanted]
        have = {link.goal for link in kept}
        self.goal_links = kept + [PartnerGoal(goal=number) for number in wanted if number not in have]

    @property
    def is_individual(self) -> bool:
        return self.kind == PartnerKind.INDIVIDUAL

    @property
    def is_group(self) -> bool:
        return self.kind == PartnerKind.GROUP

    def visibility(self, section: str) -> Visibility:
        return getattr(self, f"visibility_{section}")


class PartnerGoal(db.Model):
    __tablename__ = "partner_goals"
    __table_args__ = (UniqueConstraint("partner_id", "goal"), Index("ix_partner_goals_goal", "goal", "partner_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    goal: Mapped[int] = mapped_column(SmallInteger)

    partner: Mapped[Partner] = relationship(back_populates="goal_links")


class PartnerContact(db.Model):
    """An account that may manage a partner: the individual themself, or a group's owners and editors."""

    __tablename__ = "partner_contacts"
    __table_args__ = (UniqueConstraint("partner_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[ContactRole] = mapped_column(enum_column(ContactRole), default=ContactRole.OWNER)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    partner: Mapped[Partner] = relationship(back_populates="contacts")
    user: Mapped[User] = relationship(lazy="joined")


class PartnerStatusChange(db.Model):
    """Every lifecycle transition, with who (None for the system or an import), when and why."""

    __tablename__ = "partner_status_changes"
    __table_args__ = (Index("ix_partner_status_changes_partner_at", "partner_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    from_status: Mapped[PartnerStatus | None] = mapped_column(enum_column(PartnerStatus))
    to_status: Mapped[PartnerStatus] = mapped_column(enum_column(PartnerStatus))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    # Anonymising erases the reason's text but keeps the fact that one was given.
    reason_erased: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    partner: Mapped[Partner] = relationship(back_populates="status_changes")
    actor: Mapped[User | None] = relationship(lazy="joined")


SEARCH_FILTER_COLUMNS = ("audience", "kind", "area", "group_type", "goal_mask")


class PartnerSearchDoc(db.Model):
    """A partner's row in the search index (partners/members/search.py): the folded text of each profile
    section, the directory's filters and sort keys, and on PostgreSQL the n-gram terms (a GIN-indexed text[];
    on SQLite they are in the FTS5 table `partner_search_fts` and this column stays empty)."""

    __tablename__ = "partner_search_docs"
    # The two sort orders, walked in order for a page (directory/queries.py), each carrying the filter columns
    # so that a filter is checked in the index without reading the row; and the filter columns alone, which a
    # count reads without visiting the rows. The terms' GIN index follows the class (it indexes an expression).
    __table_args__ = (
        Index("ix_partner_search_docs_kana", "sort_kana", "partner_id", *SEARCH_FILTER_COLUMNS),
        Index("ix_partner_search_docs_newest", "joined_on", "partner_id", *SEARCH_FILTER_COLUMNS),
        Index("ix_partner_search_docs_filters", *SEARCH_FILTER_COLUMNS),
    )

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    sort_kana: Mapped[str] = mapped_column(String(400), default="")
    joined_on: Mapped[date | None] = mapped_column(Date)  # never NULL (search.NOT_JOINED): "newest" walks an index
    # Who the directory lists the partner to: 2 everyone, 1 signed-in partners, 0 nobody (not active, private).
    audience: Mapped[int] = mapped_column(SmallInteger, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(50), default="")
    group_type: Mapped[str] = mapped_column(String(50), default="")
    goal_mask: Mapped[int] = mapped_column(default=0)  # bit n set: goal n
    listing: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    offers_needs: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    activities_visibility: Mapped[str] = mapped_column(String(10), default="private")
    offers_needs_visibility: Mapped[str] = mapped_column(String(10), default="private")
    facets: Mapped[str] = mapped_column(Text, default="")  # search_tokens.facet_terms
    tokens: Mapped[list[str] | None] = mapped_column(Text().with_variant(ARRAY(Text), "postgresql"))


class search_terms(FunctionElement):  # noqa: N801 - used like func.*
    """What PostgreSQL's GIN index holds for a search index row: its n-gram terms and its facets' (the filters as
    terms, search_tokens.facet_terms), `tokens || string_to_array(facets, ' ')`. A keyword search with filters
    then reads only the rows that match both, as FTS5 does on SQLite: 田 with goal 13, at 100,000 partners, read
    34,700 rows (11,500 pages, 20 ms of the server's CPU) to count 5,732, and reads 6,200 (8 ms) this way.
    The facets' terms never start with a section's letter, so a keyword's terms match as they did on `tokens`
    alone. On SQLite the column `tokens` (empty; FTS5 is its index)."""

    type = Text().with_variant(ARRAY(Text), "postgresql")
    inherit_cache = True


@compiles(search_terms)
def _terms_sqlite(element, compiler, **kw):
    tokens, _facets = element.clauses
    return compiler.process(tokens, **kw)


@compiles(search_terms, "postgresql")
def _terms_postgres(element, compiler, **kw):
    tokens, facets = element.clauses
    return f"({compiler.process(tokens, **kw)} || string_to_array({compiler.process(facets, **kw)}, ' '))"


SEARCH_TERMS = search_terms(PartnerSearchDoc.tokens, PartnerSearchDoc.facets)
Index("ix_partner_search_docs_terms", SEARCH_TERMS, postgresql_using="gin", sqlite_where=text("0"))


class MemberNumberCounter(db.Model):
    """The last number issued per kind. Numbers only go up, so a withdrawn member's number is never reused."""

    __tablename__ = "member_number_counters"

    kind: Mapped[PartnerKind] = mapped_column(enum_column(PartnerKind), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class ContactInvitation(db.Model):
    """An invitation to become a co-contact of a group. The mailed link carries only this row's id, so whether it
    still works is decided here: accepting or revoking it stamps the row, and a stamped invitation is refused
    whatever happens to the group's contacts afterwards."""

    __tablename__ = "contact_invitations"
    __table_args__ = {"sqlite_autoincrement": True}  # mailed links carry the id: never reuse one

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[ContactRole] = mapped_column(enum_column(ContactRole))
    inviter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    partner: Mapped[Partner] = relationship()
    inviter: Mapped[User | None] = relationship(foreign_keys=[inviter_id], lazy="joined")

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
