"""Staff pages for rounds: list, create, edit, and the steps of the lifecycle (open, close, start judging,
publish). Each step is refused by its service when the round's state forbids it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.awards import decisions, lifecycle, rounds
from partners.awards.forms import ActionForm, RoundForm
from partners.awards.lifecycle import ALLOWED, EDITABLE, AwardError
from partners.awards.models import AwardApplication, AwardRound, JudgeAssignment, RankingMethod, RoundStatus
from partners.awards.rounds import RoundData
from partners.extensions import db

bp = Blueprint("awards_staff", __name__, url_prefix="/staff/awards")


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def round_or_404(round_id: int) -> AwardRound:
    return db.session.get(AwardRound, round_id) or abort(404)


@bp.get("/")
def index():
    found = db.session.scalars(select(AwardRound).order_by(AwardRound.year.desc(), AwardRound.id.desc())).all()
    counts = dict(db.session.execute(select(AwardApplication.round_id, func.count())
                                     .where(AwardApplication.status != "draft")
                                     .group_by(AwardApplication.round_id)).all())
    return render_template("awards/staff_list.html", rounds=found, counts=counts)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = RoundForm()
    if request.method == "GET":
        form.ranking_method.data = RankingMethod.Z_SCORE.value
        form.blind.data = True
        form.judges_per_application.data = 3
    if form.validate_on_submit():
        round_ = rounds.create_round(form.round_data(), current_user)
        db.session.commit()
        flash(_("The round is saved as a draft."), "success")
        return redirect(url_for(".detail", round_id=round_.id))
    return render_template("awards/staff_round_form.html", form=form, round=None)


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
def edit(round_id: int):
    round_ = round_or_404(round_id)
    if round_.status not in EDITABLE:
        abort(404)
    form = RoundForm()
    if request.method == "GET":
        form.fill_from(RoundData.of(round_))
    if form.validate_on_submit():
        return _act(round_, lambda: rounds.update_round(round_, form.round_data(), current_user), _("Saved."))
    return render_template("awards/staff_round_form.html", form=form, round=round_)


@bp.get("/<int:round_id>")
def detail(round_id: int):
    round_ = round_or_404(round_id)
    applications = db.session.scalars(select(AwardApplication).where(AwardApplication.round_id == round_.id)
                                      .order_by(AwardApplication.id)).all()
    judges_of = dict(db.session.execute(select(JudgeAssignment.application_id, func.count())
                                        .where(JudgeAssignment.round_id == round_.id)
                                        .group_by(JudgeAssignment.application_id)).all())
    return render_template("awards/staff_round.html", round=round_, applications=applications, judges_of=judges_of,
                           allowed=ALLOWED[round_.status], statuses=RoundStatus, action_form=ActionForm(),
                           editable=round_.status in EDITABLE, assigning=round_.status in lifecycle.ASSIGNING)


STEPS = {
    "open": (rounds.open_round, _l("The call is open.")),
    "close": (rounds.close_round, _l("The call is closed.")),
    "start-judging": (rounds.start_judging, _l("Judging has started.")),
    "publish": (decisions.publish, _l("The results are published and every applicant is being mailed.")),
}


@bp.post("/<int:round_id>/<any(open, close, 'start-judging', publish):step>")
def change(round_id: int, step: str):
    round_ = round_or_404(round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service, done = STEPS[step]
    return _act(round_, lambda: service(round_, current_user), str(done))


def _act(round_: AwardRound, step, done: str):
    try:
        step()
    except AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".detail", round_id=round_.id))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for(".detail", round_id=round_.id))
