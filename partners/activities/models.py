"""Activity reports (取組報告) and the annual survey: what partners did on the SDGs, as the KPI reads it."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner


class ActivityKind(StrEnum):
    VOLUNTEER = "volunteer"
    EVENT = "event"
    PROJECT = "project"
    COLLABORATION = "collaboration"
    OTHER = "other"


class ReportSource(StrEnum):
    """Who entered the report: the partner, staff from a paper form, or a CSV import."""

    PARTNER = "partner"
    STAFF = "staff"
    IMPORT = "import"


class ActivityReport(db.Model):
    __tablename__ = "activity_reports"
    __table_args__ = (
        # The KPI asks "did this partner report anything between these days?": per partner, or (PostgreSQL's
        # choice when most partners report) as one index-only scan of the window's days.
        Index("ix_activity_reports_partner_date", "partner_id", "activity_date"),
        Index("ix_activity_reports_date_partner", "activity_date", "partner_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    activity_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    participants: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    other_partners: Mapped[str] = mapped_column(String(500), default="")
    is_public: Mapped[bool] = mapped_column(default=False)
    source: Mapped[ReportSource] = mapped_column(enum_column(ReportSource), default=ReportSource.PARTNER)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    partner: Mapped[Partner] = relationship()
    goal_links: Mapped[list["ActivityReportGoal"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", lazy="selectin", order_by="ActivityReportGoal.goal"
    )
    photo: Mapped["ActivityPhoto | None"] = relationship(back_populates="report", cascade="all, delete-orphan",
                                                         lazy="selectin")

    @property
    def goals(self) -> list[int]:
        return [link.goal for link in self.goal_links]

    @goals.setter
    def goals(self, numbers) -> None:
        wanted = sorted(set(numbers))
        kept = [link for link in self.goal_links if link.goal in wanted]
        have = {link.goal for link in kept}
        self.goal_links = kept + [ActivityReportGoal(goal=number) for number in wanted if number not in have]


class ActivityReportGoal(db.Model):
    __tablename__ = "activity_report_goals"
    __table_args__ = (UniqueConstraint("report_id", "goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("activity_reports.id", ondelete="CASCADE"))
    goal: Mapped[int] = mapped_column(SmallInteger)

    report: Mapped[ActivityReport] = relationship(back_populates="goal_links")


class ActivityPhoto(db.Model):
    """The photo's bytes live in the database, so every app server sharing it serves the same photo. The bytes
    are deferred: listing reports never loads them."""

    __tablename__ = "activity_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("activity_reports.id", ondelete="CASCADE"), unique=True)
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    report: Mapped[ActivityReport] = relationship(back_populates="photo")


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"


YES = "yes"
NO = "no"


class Survey(db.Model):
    """The annual survey: open from `opens_on` to `closes_on` (both included, Asia/Tokyo)."""

    __tablename__ = "surveys"
    __table_args__ = {"sqlite_autoincrement": True}  # mailed links carry invitation ids of a survey

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date, index=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position", lazy="selectin"
    )


class SurveyQuestion(db.Model):
    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    # One choice a line, for a choice question.
    choices: Mapped[str] = mapped_column(Text, default="")
    # A "yes" here means the partner took part in an SDG activity in the year before the survey closed.
    counts_as_participation: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship(back_populates="questions")

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SurveyInvitation(db.Model):
    """One partner's place in a survey: its mailed link carries this row's id, and it holds the partner's one
    answer (`answered_at`), given by any of the partner's contacts."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "partner_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    survey: Mapped[Survey] = relationship()
    partner: Mapped[Partner] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(back_populates="invitation", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("invitation_id", "question_id"),
        Index("ix_survey_answers_question_value", "question_id", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("survey_invitations.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(200))

    invitation: Mapped[SurveyInvitation] = relationship(back_populates="answers")
