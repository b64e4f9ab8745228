"""The read-only open-data API (/api/v1/): the public member list, published events, published award results
and the public KPI, as JSON, described by the OpenAPI document at /api/v1/openapi.json. Public fields only; the
same search and order as the member list, the same facts as the award winners page and the KPI page.

Errors are JSON with a message in the visitor's language: 400 for a bad parameter, 404 for an unknown member or
award round. Every answer carries an ETag (a client sending it back in If-None-Match gets 304 without the body)
and allows any site to GET it (CORS): it is open data."""

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from partners.awards.decisions import published_awards
from partners.awards.models import AwardGiven, AwardRound, RoundStatus
from partners.core.text import normalise_text
from partners.directory.openapi import document
from partners.directory.queries import PUBLIC, DirectoryFilters, search
from partners.directory.services import listed_partner, public_record, publicly_listed_numbers
from partners.events.models import Event
from partners.events.queries import PUBLIC_STATUSES
from partners.extensions import csrf, db
from partners.kpi.services import Point, Series, all_series
from partners.members.models import PartnerKind

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # GET only: nothing here changes anything
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 100_000
MAX_KEYWORD = 100
EVENT_FIELDS = ("id", "kind", "status", "title", "theme", "description", "speakers", "format", "venue",
                "venue_address", "capacity_in_person", "capacity_online")


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name, self.message = name, message


def integer(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(name, _("“%(name)s” must be a whole number from %(low)d to %(high)d.",
                                   name=name, low=low, high=high))
    return int(raw)


def partner_filters() -> DirectoryFilters:
    q = request.args.get("q", "")
    if len(q) > MAX_KEYWORD:
        raise BadParameter("q", _("“q” must be at most %(count)d characters.", count=MAX_KEYWORD))
    goals = []
    for raw in request.args.getlist("goal"):
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 17:
            raise BadParameter("goal", _("“goal” must be a goal number from 1 to 17."))
        goals.append(int(raw))
    kind = request.args.get("kind", "")
    if kind and kind not in {k.value for k in PartnerKind}:
        raise BadParameter("kind", _("“kind” must be “individual” or “group”."))
    area = request.args.get("area", "")
    if len(area) > 50:
        raise BadParameter("area", _("“area” must be at most %(count)d characters.", count=50))
    # normalise_text also drops control characters: a NUL byte never reaches PostgreSQL.
    return DirectoryFilters(q=normalise_text(q), goals=sorted(set(goals)), kind=kind, area=normalise_text(area))


@bp.get("/partners")
def partners():
    filters = partner_filters()
    per_page = integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = search(filters, PUBLIC, integer("page", 1, 1, MAX_PAGE), per_page)
    return jsonify(total=page.total, page=page.page, per_page=page.per_page, pages=page.pages,
                   partners=[public_record(partner) for partner in page.items])


@bp.get("/partners/<string(maxlength=30):member_no>")
def partner(member_no: str):
    found = listed_partner(member_no, PUBLIC)
    if found is None:
        return error(404, _("There is no partner with this member number in the public list."))
    return jsonify(public_record(found))


@bp.get("/events")
def events():
    """Published events, latest first; never the online URL (it is sent to registered people only)."""
    per_page = integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = integer("page", 1, 1, MAX_PAGE)
    public = select(Event).where(Event.published_at.is_not(None), Event.status.in_(PUBLIC_STATUSES))
    total = db.session.scalar(select(func.count()).select_from(public.subquery()))
    rows = db.session.scalars(public.order_by(Event.starts_at.desc(), Event.id.desc())
                              .limit(per_page).offset((page - 1) * per_page))
    return jsonify(total=total, page=page, per_page=per_page, pages=max(1, -(-total // per_page)),
                   events=[event_record(event) for event in rows])


def event_record(event: Event) -> dict:
    record = {name: getattr(event, name) for name in EVENT_FIELDS}
    for name in ("kind", "status", "format"):
        record[name] = str(record[name])
    record["starts_at"] = event.starts_at.isoformat()
    record["ends_at"] = event.ends_at.isoformat()
    record["url"] = url_for("events.show", event_id=event.id, _external=True)
    return record


@bp.get("/awards")
def award_rounds():
    """Award rounds whose results are published, latest first, each with its winners as its public page shows
    them; nothing of a round before publication, and never judges, scores, reasons, files or contacts."""
    per_page = integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = integer("page", 1, 1, MAX_PAGE)
    published = select(AwardRound).where(AwardRound.status == RoundStatus.PUBLISHED)
    total = db.session.scalar(select(func.count()).select_from(published.subquery()))
    rounds = list(db.session.scalars(published.order_by(AwardRound.year.desc(), AwardRound.id.desc())
                                     .limit(per_page).offset((page - 1) * per_page)))
    return jsonify(total=total, page=page, per_page=per_page, pages=max(1, -(-total // per_page)),
                   rounds=round_records(rounds))


@bp.get("/awards/<int:round_id>")
def award_round(round_id: int):
    round_ = db.session.get(AwardRound, round_id)
    if round_ is None or round_.status != RoundStatus.PUBLISHED:
        return error(404, _("There is no award round with published results under this number."))
    return jsonify(round_records([round_])[0])


def round_records(rounds: list[AwardRound]) -> list[dict]:
    """The rounds with their winners; the partner's member number only where the applicant agreed to publish
    their name and the partner is in the public member list (an unpublished name is never linked to one)."""
    given = published_awards([round_.id for round_ in rounds])
    numbers = publicly_listed_numbers({award.application.partner_id for awards in given.values()
                                       for award in awards
                                       if award.application.publish_name and award.application.partner_id})
    return [round_record(round_, given.get(round_.id, []), numbers) for round_ in rounds]


def round_record(round_: AwardRound, awards: list[AwardGiven], numbers: dict[int, str]) -> dict:
    return {
        "id": round_.id,
        "year": round_.year,
        "title": round_.title,
        "opens_at": round_.opens_at.isoformat(),
        "closes_at": round_.closes_at.isoformat(),
        "published_at": round_.published_at.isoformat() if round_.published_at else None,
        "categories": [category.name for category in round_.categories],
        "tiers": [{"name": tier.name, "slots": tier.slots} for tier in round_.tiers],
        "criteria": [{"name": criterion.name, "description": criterion.description, "weight": criterion.weight,
                      "max_score": criterion.max_score} for criterion in round_.criteria],
        "winners": [winner_record(award, numbers) for award in awards],
        "url": url_for("awards.show", round_id=round_.id, _external=True),
    }


def winner_record(award: AwardGiven, numbers: dict[int, str]) -> dict:
    application = award.application
    return {
        "tier": award.tier.name,
        "category": application.category.name if application.category else None,
        "title": application.title,
        "summary": application.summary,
        "goals": application.goal_numbers,
        "name": application.public_name or None,
        "member_no": numbers.get(application.partner_id) if application.public_name else None,
    }


@bp.get("/kpi")
def kpi():
    """The public indicators, each with its series, baseline, target and achievement rates: the figures of the
    public KPI page (computed ones read from the data as that page reads them), never the staff's note."""
    return jsonify(indicators=[indicator_record(line) for line in all_series(public_only=True)])


def indicator_record(line: Series) -> dict:
    indicator = line.indicator
    return {
        "code": indicator.code,
        "name_ja": indicator.name_ja,
        "name_en": indicator.name_en,
        "initiative_ja": indicator.initiative_ja,
        "initiative_en": indicator.initiative_en,
        "unit_ja": indicator.unit_ja,
        "unit_en": indicator.unit_en,
        "decimals": indicator.decimals,
        "sdg_targets": indicator.sdg_targets,
        "period": str(indicator.period),
        "baseline": {"as_of": indicator.baseline_on.isoformat(), "value": float(indicator.baseline_value)},
        "target": {"as_of": indicator.target_on.isoformat(), "value": float(indicator.target_value)},
        "latest": point_record(line, line.latest) if line.latest else None,
        "achievement_rate": line.latest_achievement,
        "series": [point_record(line, point) for point in line.points],
    }


def point_record(line: Series, point: Point) -> dict:
    """A figure as the KPI page's table shows it: the day, the value, its achievement rate and its source
    (None where it was computed from the data). Values are exact; `decimals` says how the page rounds them."""
    return {"as_of": point.as_of.isoformat(), "value": float(point.value), "achievement_rate": line.achievement(point),
            "computed": point.computed, "source": point.source_note or None}


@bp.get("/openapi.json")
def openapi():
    return jsonify(document(url_for("api.partners", _external=True).removesuffix("/partners")))


@bp.get("/<path:_unknown>")
def unknown(_unknown: str):
    return error(404, _("There is no such API address."))


@bp.errorhandler(BadParameter)
def bad_parameter(problem: BadParameter):
    return error(400, problem.message, parameter=problem.name)


@bp.errorhandler(HTTPException)
def http_error(problem: HTTPException):
    return error(problem.code or 500, problem.description or problem.name)


def error(code: int, message: str, **extra) -> tuple[Response, int]:
    return jsonify(message=message, **extra), code


@bp.after_request
def open_data_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Vary"] = "Accept-Language"
    if response.status_code == 200 and not response.direct_passthrough:
        response.headers.setdefault("Cache-Control", "public, max-age=60")
        response.add_etag()
        response.make_conditional(request)
    return response
