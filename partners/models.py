"""Imports every feature's models so that SQLAlchemy's metadata (and so Alembic) knows all tables."""

from partners.accounts.models import Role, User, UserRole  # noqa: F401
from partners.audit.models import AuditEntry  # noqa: F401
from partners.core.models import RateLimitCounter  # noqa: F401
from partners.events.models import Event, EventStatusChange, Registration  # noqa: F401
from partners.members.models import (  # noqa: F401
    ContactInvitation,
    MemberNumberCounter,
    Partner,
    PartnerContact,
    PartnerGoal,
    PartnerSearchTerm,
    PartnerSearchText,
    PartnerStatusChange,
)
from partners.outbox.models import OutboxAttachment, OutboxMessage  # noqa: F401
from partners.portal.models import Collaboration, NewsPost, ShowcaseEntry  # noqa: F401
