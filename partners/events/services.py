"""What other features read from events: the yearly counts the KPI reports (definitions in stats.py), and the
erasure of a person's event data (erasure.py, connected to account deletion and partner withdrawal)."""

from partners.events.erasure import erase_registrations
from partners.events.stats import (
    Participation,
    current_fiscal_year,
    event_participation,
    events_held,
    fiscal_year_bounds,
    fiscal_year_of,
    individuals_certified_through_lectures,
    participation,
)

__all__ = [
    "Participation", "current_fiscal_year", "erase_registrations", "event_participation", "events_held",
    "fiscal_year_bounds", "fiscal_year_of", "individuals_certified_through_lectures", "participation",
]
