"""Staff pages for results and the decision: the results table (raw and normalised side by side, the ranking
with its tie-break, flags), the decision form, the judging log, and the exports (CSV for Excel, .xlsx)."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partners.accounts.decorators import role_required
from partners.accounts.models import Role, User
from partners.audit.services import record
from partners.awards import decisions, exports, lifecycle
from partners.awards.decisions import AwardChoice
from partners.awards.forms import decision_form_class
from partners.awards.lifecycle import AwardError
from partners.awards.models import AwardApplication, AwardRound, JudgingLogEntry
from partners.awards.results import differences, from_json, results_of
from partners.core.timeutil import local_today
from partners.extensions import db

bp = Blueprint("awards_results", __name__, url_prefix="/staff/awards")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def round_with_results_or_404(round_id: int) -> AwardRound:
    round_ = db.session.get(AwardRound, round_id)
    if round_ is None or round_.status not in lifecycle.RESULTS:
        abort(404)
    return round_


def applications_by_id(round_: AwardRound) -> dict[int, AwardApplication]:
    return {a.id: a for a in db.session.scalars(select(AwardApplication)
                                                .where(AwardApplication.round_id == round_.id))}


@bp.get("/<int:round_id>/results")
def results(round_id: int):
    round_ = round_with_results_or_404(round_id)
    rows = results_of(round_)
    decision = decisions.decision_of(round_)
    frozen = from_json(decision.snapshot) if decision else None
    judge_ids = sorted({judge_id for row in [*rows, *(frozen or [])] for judge_id in row.totals if judge_id},
                       key=int)
    judges = {user.id: user.name for user in db.session.scalars(select(User).where(User.id.in_(judge_ids)))}
    return render_template("awards/staff_results.html", round=round_, rows=frozen or rows, current=rows,
                           decision=decision, changed=differences(frozen, rows) if frozen else set(),
                           applications=applications_by_id(round_), judges=judges, judge_ids=judge_ids,
                           awards={a.application_id: a for a in decision.awards} if decision else {})


@bp.route("/<int:round_id>/decide", methods=["GET", "POST"])
def decide(round_id: int):
    round_ = round_with_results_or_404(round_id)
    if round_.status != "judging":
        abort(404)
    rows = results_of(round_)
    applications = applications_by_id(round_)
    ranked = [applications[row.application_id] for row in rows]
    form = decision_form_class(ranked, round_.tiers)()
    if form.validate_on_submit():
        choices = [AwardChoice(a.id, form[f"tier_{a.id}"].data, form[f"reason_{a.id}"].data)
                   for a in ranked if form[f"tier_{a.id}"].data]
        try:
            decisions.decide(round_, choices, current_user)
        except AwardError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("awards/staff_decide.html", round=round_, rows=rows, form=form,
                                   applications=applications), 422
        db.session.commit()
        flash(_("The decision is recorded and its results are frozen."), "success")
        return redirect(url_for(".results", round_id=round_.id))
    return render_template("awards/staff_decide.html", round=round_, rows=rows, form=form, applications=applications)


@bp.get("/<int:round_id>/log")
def log(round_id: int):
    round_ = db.session.get(AwardRound, round_id) or abort(404)
    entries = db.session.scalars(select(JudgingLogEntry).where(JudgingLogEntry.round_id == round_.id)
                                 .order_by(JudgingLogEntry.at, JudgingLogEntry.id)).all()
    return render_template("awards/staff_log.html", round=round_, entries=entries)


@bp.get("/<int:round_id>/log.csv")
def log_csv(round_id: int):
    round_ = db.session.get(AwardRound, round_id) or abort(404)
    return _download(round_, "log.csv", "text/csv", "".join(exports.log_csv(round_)))


@bp.get("/<int:round_id>/applications.csv")
def applications_csv(round_id: int):
    round_ = db.session.get(AwardRound, round_id) or abort(404)
    return _download(round_, "applications.csv", "text/csv", "".join(exports.applications_csv(round_)))


@bp.get("/<int:round_id>/results.xlsx")
def results_xlsx(round_id: int):
    round_ = db.session.get(AwardRound, round_id) or abort(404)
    return _download(round_, "results.xlsx", XLSX, exports.workbook(round_))


def _download(round_: AwardRound, name: str, mimetype: str, body: str | bytes) -> Response:
    """The body is built before the audit entry commits (a round's exports are hundreds of rows, not a stream)."""
    record(current_user, "award.export", "award_round", round_.id, detail=name)
    db.session.commit()
    filename = f"award-{round_.year}-{round_.id}-{name.replace('.', f'-{local_today():%Y%m%d}.', 1)}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}",
                                                      "Cache-Control": "no-store"})
