from partners.accounts.models import User
from partners.audit.models import AuditEntry
from partners.extensions import db


def record(actor: User | None, action: str, target_type: str, target_id: int | None, detail: str | None = None):
    """Add an audit entry to the caller's transaction. `detail` must not contain personal data."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
    )
    db.session.add(entry)
    return entry
