"""Staff pages of the annual survey: open it, send the invitations and the one reminder, follow the response
rate, download the answers."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.activities import surveys
from partners.activities.models import Survey
from partners.activities.survey_forms import ActionForm, SurveyForm
from partners.extensions import db

bp = Blueprint("surveys_staff", __name__, url_prefix="/staff/surveys")


@bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


def survey_or_404(survey_id: int) -> Survey:
    return db.session.get(Survey, survey_id) or abort(404)


@bp.get("/")
def index():
    return render_template("activities/survey_list.html", surveys=surveys.surveys())


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = SurveyForm()
    if form.validate_on_submit():
        survey = surveys.create_survey(form.survey_data(), current_user)
        db.session.commit()
        flash(_("The survey is saved. Send the invitations when it opens."), "success")
        return redirect(url_for(".detail", survey_id=survey.id))
    return render_template("activities/survey_form.html", form=form), 400 if form.errors else 200


@bp.get("/<int:survey_id>")
def detail(survey_id: int):
    survey = survey_or_404(survey_id)
    return render_template("activities/survey_detail.html", survey=survey, rate=surveys.response_rate(survey),
                           is_open=surveys.is_open(survey), form=ActionForm())


@bp.post("/<int:survey_id>/<any(invite, remind):step>")
def send(survey_id: int, step: str):
    survey = survey_or_404(survey_id)
    if ActionForm().validate_on_submit():
        try:
            count = (surveys.invite if step == "invite" else surveys.remind)(survey, current_user)
        except surveys.SurveyError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Mail is on its way to %(count)d partner(s).", count=count), "success")
    return redirect(url_for(".detail", survey_id=survey.id))


@bp.get("/<int:survey_id>/answers.csv")
def answers(survey_id: int):
    survey = survey_or_404(survey_id)
    data = surveys.answers_csv(survey, current_user)
    db.session.commit()
    return Response(data, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=survey-{survey.id}-answers.csv"})
