"""How event values read on screen, in the visitor's language."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from partners.events.lifecycle import STATUS_LABELS
from partners.events.models import AttendanceMode, Audience, EventFormat, EventKind, RegistrationStatus

KIND_LABELS = {
    EventKind.LECTURE: _l("Partner lecture"),
    EventKind.EXCHANGE: _l("Exchange meeting"),
    EventKind.OTHER: _l("Other event"),
}
FORMAT_LABELS = {
    EventFormat.IN_PERSON: _l("In person"),
    EventFormat.ONLINE: _l("Online"),
    EventFormat.HYBRID: _l("Hybrid (in person and online)"),
}
MODE_LABELS = {AttendanceMode.IN_PERSON: _l("In person"), AttendanceMode.ONLINE: _l("Online")}
AUDIENCE_LABELS = {
    Audience.ANYONE: _l("Anyone"),
    Audience.PARTNERS: _l("Partners only"),
    Audience.GROUP_PARTNERS: _l("Group partners only"),
}
REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.REGISTERED: _l("registered"),
    RegistrationStatus.WAITLISTED: _l("on the waiting list"),
    RegistrationStatus.ATTENDED: _l("attended"),
    RegistrationStatus.NO_SHOW: _l("did not attend"),
    RegistrationStatus.CANCELLED: _l("cancelled"),
}


def event_label(kind: str, value: str) -> str:
    """`event_label("kind", event.kind)` in templates."""
    table = {"kind": KIND_LABELS, "format": FORMAT_LABELS, "mode": MODE_LABELS, "audience": AUDIENCE_LABELS,
             "status": STATUS_LABELS, "registration": REGISTRATION_STATUS_LABELS}[kind]
    return str(table[value])


def register_event_labels(app: Flask) -> None:
    app.jinja_env.globals.update(event_label=event_label)
