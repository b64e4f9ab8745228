"""Imports every feature's models so that SQLAlchemy's metadata (and so Alembic) knows all tables."""

import partners.members.search  # noqa: F401, E402, I001 - the SQLite full-text table and its triggers
from partners.accounts.models import Role, User, UserRole  # noqa: F401
from partners.activities.models import (  # noqa: F401
    ActivityPhoto,
    ActivityReport,
    ActivityReportGoal,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
)
from partners.audit.models import AuditEntry  # noqa: F401
from partners.awards.models import (  # noqa: F401
    AwardApplication,
    AwardAttachment,
    AwardCategory,
    AwardCriterion,
    AwardDecision,
    AwardGiven,
    AwardRound,
    AwardTier,
    ConflictOfInterest,
    JudgeAssignment,
    JudgeDeclaration,
    JudgingLogEntry,
    ScoreItem,
    ScoreSheet,
)
from partners.core.models import RateLimitCounter  # noqa: F401
from partners.events.models import Event, EventStatusChange, Registration  # noqa: F401
from partners.kpi.models import Indicator, IndicatorActual  # noqa: F401
from partners.members.list_version import PartnerListVersion  # noqa: F401
from partners.members.models import (  # noqa: F401
    ContactInvitation,
    MemberNumberCounter,
    Partner,
    PartnerContact,
    PartnerGoal,
    PartnerSearchDoc,
    PartnerStatusChange,
)
from partners.outbox.models import OutboxAttachment, OutboxMessage  # noqa: F401
from partners.portal.models import Collaboration, NewsPost, ShowcaseEntry  # noqa: F401
