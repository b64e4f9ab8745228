"""Public award pages: the open call, and each published round's winners with the criteria used."""

import io

from flask import Blueprint, abort, render_template, send_file
from sqlalchemy import select

from partners.awards.applications import accepting
from partners.awards.decisions import winners
from partners.awards.labels import award_label
from partners.awards.models import AwardApplication, AwardAttachment, AwardRound, RoundStatus
from partners.extensions import db

bp = Blueprint("awards", __name__, url_prefix="/awards")
bp.add_app_template_global(award_label, "award_label")
PUBLIC = (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.JUDGING, RoundStatus.DECIDED, RoundStatus.PUBLISHED)


def public_round_or_404(round_id: int) -> AwardRound:
    round_ = db.session.get(AwardRound, round_id)
    if round_ is None or round_.status not in PUBLIC:
        abort(404)
    return round_


@bp.get("/")
def index():
    rounds = list(db.session.scalars(select(AwardRound).where(AwardRound.status.in_(PUBLIC))
                                     .order_by(AwardRound.year.desc(), AwardRound.id.desc())))
    return render_template("awards/index.html", open_rounds=[r for r in rounds if accepting(r)],
                           rounds=rounds)


@bp.get("/<int:round_id>")
def show(round_id: int):
    round_ = public_round_or_404(round_id)
    published = round_.status == RoundStatus.PUBLISHED
    awards = winners(round_) if published else []
    return render_template("awards/show.html", round=round_, accepting=accepting(round_), awards=awards,
                           photos=photos_of([a.application_id for a in awards if a.application.publish_name]))


@bp.get("/<int:round_id>/winners/<int:application_id>/photo")
def photo(round_id: int, application_id: int):
    """The first image of a winning application whose applicant agreed to publication."""
    round_ = public_round_or_404(round_id)
    application = db.session.get(AwardApplication, application_id)
    if (round_.status != RoundStatus.PUBLISHED or application is None or application.round_id != round_.id
            or application.status != "awarded" or not application.publish_name):
        abort(404)
    attachment_id = photos_of([application.id]).get(application.id) or abort(404)
    attachment = db.session.get(AwardAttachment, attachment_id)
    return send_file(io.BytesIO(attachment.content), mimetype=attachment.content_type,
                     download_name=f"winner-{application.id}.{attachment.extension}", max_age=3600)


def photos_of(application_ids: list[int]) -> dict[int, int]:
    """application id → the id of its first image; one query."""
    if not application_ids:
        return {}
    found = {}
    for application_id, attachment_id in db.session.execute(
            select(AwardAttachment.application_id, AwardAttachment.id)
            .where(AwardAttachment.application_id.in_(application_ids),
                   AwardAttachment.content_type.like("image/%")).order_by(AwardAttachment.id)):
        found.setdefault(application_id, attachment_id)
    return found
