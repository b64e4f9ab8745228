from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from partners.core.dbtypes import UTCDateTime
from partners.extensions import db


class RateLimitCounter(db.Model):
    """One fixed-window counter of the rate limiter (see partners.core.ratelimit), shared by every app server
    through the database."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
