"""Indicators are data (DESIGN.md: KPI targets are data, never code): what is measured, its baseline and
target, and the actuals staff entered. Computed actuals are not stored; they are read from the data when asked."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Numeric, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db

VALUE = Numeric(14, 1)


class Period(StrEnum):
    """When an indicator's actual is taken: at the end of each calendar year (31 December), or of each fiscal
    year (31 March)."""

    CALENDAR = "calendar"
    FISCAL = "fiscal"


class Indicator(db.Model):
    __tablename__ = "kpi_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    initiative_ja: Mapped[str] = mapped_column(String(200))
    initiative_en: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    unit_ja: Mapped[str] = mapped_column(String(20))
    unit_en: Mapped[str] = mapped_column(String(20))
    decimals: Mapped[int] = mapped_column(SmallInteger, default=0)
    sdg_targets: Mapped[str] = mapped_column(String(100), default="")
    # The name of a computation in partners.kpi.computed (None: staff enter every actual).
    computed: Mapped[str | None] = mapped_column(String(40))
    period: Mapped[Period] = mapped_column(enum_column(Period), default=Period.CALENDAR)
    is_public: Mapped[bool] = mapped_column(default=True)
    baseline_on: Mapped[date] = mapped_column(Date)
    baseline_value: Mapped[Decimal] = mapped_column(VALUE)
    target_on: Mapped[date] = mapped_column(Date)
    target_value: Mapped[Decimal] = mapped_column(VALUE)
    # The sheet's free-text column: how the result feeds the next plan.
    next_plan_note: Mapped[str] = mapped_column(Text, default="")

    actuals: Mapped[list["IndicatorActual"]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="IndicatorActual.as_of", lazy="selectin"
    )


class IndicatorActual(db.Model):
    """A figure staff entered, with where it comes from. For a computed indicator it stands instead of the
    computation on its day: a figure once reported stays as reported."""

    __tablename__ = "kpi_actuals"
    __table_args__ = (UniqueConstraint("indicator_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("kpi_indicators.id", ondelete="CASCADE"))
    as_of: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(VALUE)
    source_note: Mapped[str] = mapped_column(String(300))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="actuals")
