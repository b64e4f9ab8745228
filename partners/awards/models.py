"""The SDGs Award (アワード): rounds with their rubric, applications with attachments, judging (assignments,
conflicts of interest, scores), the append-only judging log, and the frozen decision."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partners.accounts.models import User
from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    JUDGING = "judging"
    DECIDED = "decided"
    PUBLISHED = "published"


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    WITHDRAWN = "withdrawn"


class RankingMethod(StrEnum):
    Z_SCORE = "z_score"  # the mean of each judge's standardised totals
    MEAN = "mean"  # the mean of the raw weighted totals


class ScoreStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


# Tie-break steps a round may declare, in its order; a tie still standing after them is decided by staff with
# a reason (the decision's reason per award).
TIE_BREAK_CRITERION = "criterion"  # the higher mean score on the round's named criterion
TIE_BREAK_TOP_SCORES = "top_scores"  # more criterion scores at that criterion's maximum
TIE_BREAK_STEPS = (TIE_BREAK_CRITERION, TIE_BREAK_TOP_SCORES)


class AwardRound(db.Model):
    __tablename__ = "award_rounds"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    call_text: Mapped[str] = mapped_column(Text, default="")  # Markdown source
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[RoundStatus] = mapped_column(enum_column(RoundStatus), default=RoundStatus.DRAFT)
    judges_per_application: Mapped[int] = mapped_column(default=3)
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    ranking_method: Mapped[RankingMethod] = mapped_column(enum_column(RankingMethod), default=RankingMethod.Z_SCORE)
    # Comma-separated steps of TIE_BREAK_STEPS, in order; the named criterion for TIE_BREAK_CRITERION.
    tie_break: Mapped[str] = mapped_column(String(100), default="")
    tie_break_criterion: Mapped[str] = mapped_column(String(100), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    categories: Mapped[list["AwardCategory"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="AwardCategory.position", lazy="selectin")
    tiers: Mapped[list["AwardTier"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="AwardTier.position", lazy="selectin")
    criteria: Mapped[list["AwardCriterion"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="AwardCriterion.position", lazy="selectin")

    def __repr__(self) -> str:
        return f"<AwardRound {self.id} {self.year} {self.status}>"

    @property
    def tie_break_steps(self) -> list[str]:
        return [step for step in self.tie_break.split(",") if step in TIE_BREAK_STEPS]

    @property
    def award_slots(self) -> int:
        return sum(tier.slots for tier in self.tiers)


class AwardCategory(db.Model):
    """A 部門 of a round (e.g. 市民部門, 事業者部門)."""

    __tablename__ = "award_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))

    round: Mapped[AwardRound] = relationship(back_populates="categories")


class AwardTier(db.Model):
    """An award tier and how many of it a round gives (大賞 1, 優秀賞 2, 奨励賞 3)."""

    __tablename__ = "award_tiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    slots: Mapped[int] = mapped_column(default=1)

    round: Mapped[AwardRound] = relationship(back_populates="tiers")


class AwardCriterion(db.Model):
    """One criterion of the rubric: judges score it as a whole number from 0 to `max_score`; a judge's
    weighted total is the sum of weight × score."""

    __tablename__ = "award_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(default=1)
    max_score: Mapped[int] = mapped_column(default=5)

    round: Mapped[AwardRound] = relationship(back_populates="criteria")


class AwardApplication(db.Model):
    __tablename__ = "award_applications"
    __table_args__ = (
        Index("ix_award_applications_round_status", "round_id", "status"),
        {"sqlite_autoincrement": True},  # links carry the id: never reuse one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"))
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("award_categories.id", ondelete="SET NULL"))
    status: Mapped[ApplicationStatus] = mapped_column(enum_column(ApplicationStatus),
                                                      default=ApplicationStatus.DRAFT)
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(String(60), default="")  # "3,11,12"
    # The people or group behind the initiative, and who to contact about the application.
    group_name: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    # The applicant agrees that, if awarded, the group's (or their) name and the first photo are published.
    publish_name: Mapped[bool] = mapped_column(Boolean, default=False)
    # Written by staff when the text names the applicant: judges of a blind round read this instead.
    redacted_summary: Mapped[str] = mapped_column(Text, default="")
    ineligible_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    round: Mapped[AwardRound] = relationship()
    category: Mapped[AwardCategory | None] = relationship()
    applicant: Mapped[User | None] = relationship()
    attachments: Mapped[list["AwardAttachment"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="AwardAttachment.id",
        passive_deletes=True)

    def __repr__(self) -> str:
        return f"<AwardApplication {self.id} round {self.round_id} {self.status}>"

    @property
    def goal_numbers(self) -> list[int]:
        return [int(goal) for goal in self.goals.split(",") if goal.isdigit()]

    @property
    def status_for_applicant(self) -> ApplicationStatus:
        """Screening and the decision are told at publication: until then the applicant reads "submitted"."""
        told_later = (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE, ApplicationStatus.AWARDED,
                      ApplicationStatus.NOT_AWARDED)
        if self.status in told_later and self.round.status != RoundStatus.PUBLISHED:
            return ApplicationStatus.SUBMITTED
        return self.status

    @property
    def public_name(self) -> str:
        return self.group_name if self.publish_name else ""


class AwardAttachment(db.Model):
    """A file of an application, kept in the database so that every app server serves it alike. `content_type`
    is what the content was found to be; `original_name` is shown to the applicant and staff only."""

    __tablename__ = "award_attachments"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("award_applications.id", ondelete="CASCADE"),
                                                index=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    extension: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only to be served
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped[AwardApplication] = relationship(back_populates="attachments")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class JudgeAssignment(db.Model):
    __tablename__ = "award_assignments"
    __table_args__ = (UniqueConstraint("application_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("award_applications.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    judge: Mapped[User] = relationship()


class ConflictOfInterest(db.Model):
    """A judge's relationship with an application, declared by the judge or by staff: the judge may not open,
    score, download or list it."""

    __tablename__ = "award_conflicts"
    __table_args__ = (UniqueConstraint("application_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("award_applications.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JudgeDeclaration(db.Model):
    """A judge's declaration of relationships for a round, made before any application's content is shown:
    the applications they marked become conflicts; `note` is their free text."""

    __tablename__ = "award_judge_declarations"
    __table_args__ = (UniqueConstraint("round_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScoreSheet(db.Model):
    """One judge's scores for one application: a draft until submitted, then locked unless staff reopen it."""

    __tablename__ = "award_score_sheets"
    __table_args__ = (UniqueConstraint("application_id", "judge_id"),
                      Index("ix_award_score_sheets_round_status", "round_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("award_applications.id", ondelete="CASCADE"))
    # Kept when the judge's account is deleted: the decision stays explainable ("a judge gave 12").
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[ScoreStatus] = mapped_column(enum_column(ScoreStatus), default=ScoreStatus.DRAFT)
    comment: Mapped[str] = mapped_column(Text, default="")
    # Kept with the scores when they are saved (the rubric is fixed once the call closes), so that the results
    # read one row per sheet: Σ weight × score, how many criteria are at their maximum, and the score of the
    # round's tie-break criterion.
    total: Mapped[int] = mapped_column(default=0)
    top_scores: Mapped[int] = mapped_column(default=0)
    tie_value: Mapped[int | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    items: Mapped[list["ScoreItem"]] = relationship(back_populates="sheet", cascade="all, delete-orphan",
                                                    lazy="selectin", passive_deletes=True)

    def values(self) -> dict[int, int]:
        return {item.criterion_id: item.value for item in self.items}


class ScoreItem(db.Model):
    __tablename__ = "award_score_items"
    __table_args__ = (UniqueConstraint("sheet_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("award_score_sheets.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("award_criteria.id", ondelete="CASCADE"), index=True)
    value: Mapped[int]

    sheet: Mapped[ScoreSheet] = relationship(back_populates="items")


class JudgingLogEntry(db.Model):
    """Append-only: who did what, when, to which application and judge (assignments, conflicts, score changes,
    reopenings, screening, decisions). Nothing updates or deletes a row, except erasure taking a person's name
    out of `detail`."""

    __tablename__ = "award_judging_log"
    __table_args__ = (Index("ix_award_judging_log_round_at", "round_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    application_id: Mapped[int | None]
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    judge: Mapped[User | None] = relationship(foreign_keys=[judge_id])


@event.listens_for(JudgingLogEntry, "before_update")
@event.listens_for(JudgingLogEntry, "before_delete")
def refuse_changing_the_log(_mapper, _connection, entry: JudgingLogEntry) -> None:
    raise RuntimeError(f"the judging log is append-only (entry {entry.id})")


class AwardDecision(db.Model):
    """The round's decision: the results as they were when staff decided (JSON), frozen."""

    __tablename__ = "award_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), unique=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    snapshot: Mapped[str] = mapped_column(Text)

    awards: Mapped[list["AwardGiven"]] = relationship(back_populates="decision", cascade="all, delete-orphan",
                                                      order_by="AwardGiven.id", lazy="selectin")


class AwardGiven(db.Model):
    """One award of the decision: which tier went to which application, and why."""

    __tablename__ = "award_given"
    __table_args__ = (UniqueConstraint("decision_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("award_decisions.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("award_applications.id", ondelete="CASCADE"))
    tier_id: Mapped[int] = mapped_column(ForeignKey("award_tiers.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)

    decision: Mapped[AwardDecision] = relationship(back_populates="awards")
    application: Mapped[AwardApplication] = relationship(lazy="selectin")
    tier: Mapped[AwardTier] = relationship()
