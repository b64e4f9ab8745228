"""The annual survey as partners answer it, through the personal link in their mail (no login needed: the link
is the key, and one answer per partner is taken)."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user

from partners.activities import surveys
from partners.activities.survey_forms import answer_form
from partners.extensions import db

bp = Blueprint("surveys", __name__, url_prefix="/surveys")


@bp.route("/answer/<token>", methods=["GET", "POST"])
def answer(token: str):
    try:
        invitation = surveys.invitation_for(token)
    except surveys.SurveyError as error:
        return render_template("activities/survey_closed.html", message=str(error)), 404
    survey = invitation.survey
    if invitation.answered_at is not None or not surveys.is_open(survey):
        message = _("Your partner has already answered this survey. Thank you.") if invitation.answered_at \
            else _("This survey is closed.")
        return render_template("activities/survey_closed.html", message=message, survey=survey)
    form = answer_form(survey)
    if form.validate_on_submit():
        answers = {question.id: form[f"question_{question.id}"].data for question in survey.questions}
        surveys.submit(invitation, answers, current_user if current_user.is_authenticated else None)
        db.session.commit()
        return render_template("activities/survey_closed.html", survey=survey,
                               message=_("Thank you: your answers are saved."))
    return render_template("activities/survey_answer.html", form=form, survey=survey, partner=invitation.partner), \
        400 if form.errors else 200
