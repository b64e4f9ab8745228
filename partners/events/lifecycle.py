"""Event lifecycle (DESIGN.md): draft → published → finished | cancelled. Every transition is recorded with who,
when and why; the services in publishing.py call `change_status` and nothing else changes `Event.status`."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from partners.accounts.models import User
from partners.core.timeutil import utcnow
from partners.events.models import Event, EventStatus, EventStatusChange

S = EventStatus
ALLOWED = {
    S.DRAFT: {S.PUBLISHED, S.CANCELLED},
    S.PUBLISHED: {S.FINISHED, S.CANCELLED},
    S.FINISHED: set(),
    S.CANCELLED: set(),
}
# Where staff may still change an event's details.
EDITABLE = {S.DRAFT, S.PUBLISHED}

STATUS_LABELS = {
    S.DRAFT: _l("draft"),
    S.PUBLISHED: _l("published"),
    S.FINISHED: _l("finished"),
    S.CANCELLED: _l("cancelled"),
}


class TransitionError(Exception):
    """The event's (or registration's) state does not allow this step; the message is in the user's language."""


def status_label(status: EventStatus) -> str:
    return str(STATUS_LABELS[EventStatus(status)])


def change_status(event: Event, to: EventStatus, actor: User | None, reason: str = "",
                  at: datetime | None = None) -> EventStatusChange:
    if to not in ALLOWED[event.status]:
        raise TransitionError(_l("This is not possible while the event is %(status)s.",
                                 status=status_label(event.status)))
    change = EventStatusChange(from_status=event.status, to_status=to, actor_id=actor.id if actor else None,
                               reason=reason, at=at or utcnow())
    event.status_changes.append(change)
    event.status = to
    return change


def record_initial_status(event: Event, actor: User | None) -> None:
    event.status_changes.append(EventStatusChange(
        from_status=None, to_status=event.status, actor_id=actor.id if actor else None, at=utcnow(),
    ))


def require_editable(event: Event) -> None:
    if event.status not in EDITABLE:
        raise TransitionError(_l("This is not possible while the event is %(status)s.",
                                 status=status_label(event.status)))
