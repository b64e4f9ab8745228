"""How event values read on screen, in the visitor's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from partners.core.i18n import current_language
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


LABEL_TABLES = {"kind": KIND_LABELS, "format": FORMAT_LABELS, "mode": MODE_LABELS, "audience": AUDIENCE_LABELS,
                "status": STATUS_LABELS, "registration": REGISTRATION_STATUS_LABELS}
# Each label translated once per language, not once per row of a list.
_TRANSLATED: dict[tuple[str, str, str], str] = {}


def event_label(kind: str, value: str) -> str:
    """`event_label("kind", event.kind)` in templates."""
    key = (current_language(), kind, value)
    label = _TRANSLATED.get(key)
    if label is None:
        label = _TRANSLATED[key] = str(LABEL_TABLES[kind][value])
    return label


_SEAT_LISTS: dict[tuple, Markup] = {}
_SEAT_LISTS_KEPT = 4096


def seats_list(seats: dict) -> Markup:
    """Seats left (or full, and how many wait) per way of attending, as a list. Built in Python and kept per
    language and figures: the events list shows one per event, and as a template macro it was an eighth of
    the page's time."""
    key = (current_language(), *((mode, seat.capacity, seat.taken, seat.waiting) for mode, seat in seats.items()))
    html = _SEAT_LISTS.get(key)
    if html is None:
        if len(_SEAT_LISTS) >= _SEAT_LISTS_KEPT:
            _SEAT_LISTS.clear()
        html = _SEAT_LISTS[key] = Markup('<ul class="seats">{}</ul>').format(
            Markup("").join(_seat_line(mode, seat) for mode, seat in seats.items()))
    return html


def _seat_line(mode, seat) -> Markup:
    if seat.left:
        state = ngettext("%(num)d seat left", "%(num)d seats left", seat.left)
    elif seat.waiting:
        state = _("Full") + " (" + ngettext("%(num)d waiting", "%(num)d waiting", seat.waiting) + ")"
    else:
        state = _("Full")
    return Markup('<li>{}: {} <span class="muted">/ {}</span></li>').format(
        event_label("mode", mode), state, _("capacity %(num)d", num=seat.capacity))

