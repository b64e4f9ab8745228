"""The home page's blocks from the features: members (how to join, member figures, the next step), events
(lectures held, upcoming events, a person's registrations), the KPI (the partners participation rate against
its target, among the figures), activity reports, the award (the latest winners, a person's applications),
news, collaboration and the showcase. Each asks its feature's own query; other features register theirs the
same way (see blocks.py)."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from partners.activities import services as activities
from partners.awards.applications import applications_of
from partners.awards.decisions import latest_winners
from partners.awards.models import AwardApplication, AwardGiven
from partners.core.timeutil import local_today, utcnow
from partners.events.models import Event, EventKind, Registration, RegistrationStatus
from partners.events.queries import EventFilters, public_events
from partners.events.stats import current_fiscal_year, events_held
from partners.extensions import db
from partners.kpi import services as kpi
from partners.members.models import Partner, PartnerKind
from partners.members.next_step import NextStep, Step
from partners.members.stats import count_active
from partners.portal import news, showcase
from partners.portal.blocks import Audience, register_block
from partners.portal.collaborations import waiting_for
from partners.portal.matching import Suggestion, suggestions_for

UPCOMING, LATEST, SUGGESTED, WINNERS, APPLICATIONS = 4, 3, 3, 6, 5


@dataclass
class Visitor:
    """Who is looking at the home page: the user and, when signed in, their next steps (one query, already
    made for the dashboard), from which their active partners are known without asking again."""

    user: object
    steps: list[NextStep] = field(default_factory=list)

    @property
    def active_partners(self) -> list[Partner]:
        return [step.partner for step in self.steps if step.step == Step.MEMBER]


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    link: str | None = None


@register_block("join", "portal/blocks/_join.html", Audience.VISITORS, 10)
def join_paths(_visitor: Visitor) -> dict:
    """The two paths, individual and group: nothing to look up."""
    return {}


@register_block("figures", "portal/blocks/_figures.html", Audience.EVERYONE, 20)
def figures(_visitor: Visitor) -> dict:
    """Current figures: active individual and group partners today, lectures held this fiscal year (three
    queries), and the partners participation rate against its target when that indicator is public (two
    queries and its computation: kpi.headline)."""
    today, year = local_today(), current_fiscal_year()
    lectures = sum(number for (kind, _format), number in events_held(year).items() if kind == EventKind.LECTURE)
    return {"individuals": count_active(PartnerKind.INDIVIDUAL, today),
            "groups": count_active(PartnerKind.GROUP, today), "lectures": lectures, "year": year,
            "participation": kpi.headline(kpi.PARTICIPATION)}


@register_block("upcoming", "portal/blocks/_upcoming.html", Audience.EVERYONE, 30)
def upcoming(_visitor: Visitor) -> list[Event]:
    events, _more = public_events(EventFilters(), upcoming=True, page=1, size=UPCOMING)
    return events


@register_block("news", "portal/blocks/_news.html", Audience.EVERYONE, 40)
def latest_news(_visitor: Visitor) -> list:
    posts, _more = news.public_news(1, LATEST)
    return posts


@register_block("reports", "portal/blocks/_reports.html", Audience.EVERYONE, 42)
def latest_reports(_visitor: Visitor) -> list | None:
    """The newest published activity reports, each linking to its partner's reports; one query."""
    return activities.latest_published(LATEST) or None


@register_block("winners", "portal/blocks/_winners.html", Audience.EVERYONE, 44)
def award_winners(_visitor: Visitor) -> list[AwardGiven] | None:
    """The last published round's winners; named only as the applicant agreed (public_name); one query."""
    return latest_winners(WINNERS) or None


@register_block("showcase", "portal/blocks/_showcase.html", Audience.EVERYONE, 50)
def latest_showcase(_visitor: Visitor) -> list | None:
    entries, _more = showcase.published(1, LATEST)
    return entries or None


@register_block("next_steps", "portal/blocks/_next_steps.html", Audience.SIGNED_IN, 10)
def next_step_block(visitor: Visitor) -> list[NextStep]:
    return visitor.steps


@register_block("registrations", "portal/blocks/_registrations.html", Audience.SIGNED_IN, 20)
def my_registrations(visitor: Visitor) -> list[Registration] | None:
    """The person's own seats and waiting-list places at events yet to end, soonest first; one query."""
    rows = list(db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.user_id == visitor.user.id, Event.ends_at >= utcnow(),
               Registration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)))
        .options(joinedload(Registration.event)).order_by(Event.starts_at, Registration.id).limit(UPCOMING)
    ))
    return rows or None


@register_block("award_applications", "portal/blocks/_award_applications.html", Audience.SIGNED_IN, 25)
def my_award_applications(visitor: Visitor) -> list[AwardApplication] | None:
    """The person's own award applications, newest first, with the status they may know; one query."""
    return applications_of(visitor.user, APPLICATIONS) or None


@register_block("requests", "portal/blocks/_requests.html", Audience.SIGNED_IN, 30)
def waiting_requests(visitor: Visitor) -> list | None:
    return waiting_for([partner.id for partner in visitor.active_partners]) or None


@register_block("suggestions", "portal/blocks/_suggestions.html", Audience.SIGNED_IN, 40)
def suggested_partners(visitor: Visitor) -> list[Suggestion] | None:
    partners = visitor.active_partners
    return (suggestions_for(partners[0], limit=SUGGESTED) or None) if partners else None
