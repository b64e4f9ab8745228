from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from partners.activities.models import NO, YES, QuestionKind, Survey
from partners.activities.surveys import AWARENESS_CHOICES, AWARENESS_QUESTION, PARTICIPATION_QUESTION, SurveyData
from partners.core.forms import Form, date_in_range
from partners.core.text import normalise_multiline, normalise_text

QUESTION_LENGTH = 300


def lines_fit(form, field) -> None:
    if field.data and any(len(line) > QUESTION_LENGTH for line in field.data.splitlines()):
        raise ValidationError(_l("Each question has at most %(count)d characters.", count=QUESTION_LENGTH))


class SurveyForm(Form):
    title = StringField(_l("Title"), filters=[normalise_text], validators=[InputRequired(), Length(max=200)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired(), date_in_range])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired(), date_in_range])
    participation_question = StringField(_l("Participation question (yes/no; a yes counts for the KPI)"),
                                         filters=[normalise_text], default=PARTICIPATION_QUESTION,
                                         validators=[InputRequired(), Length(max=QUESTION_LENGTH)])
    awareness_question = StringField(_l("SDG awareness question (optional)"), filters=[normalise_text],
                                     default=AWARENESS_QUESTION, validators=[Length(max=QUESTION_LENGTH)])
    awareness_choices = TextAreaField(_l("Its choices, one a line"), filters=[normalise_multiline],
                                      default=AWARENESS_CHOICES, validators=[lines_fit])
    extra_questions = TextAreaField(_l("More yes/no questions, one a line (optional)"), filters=[normalise_multiline],
                                    validators=[lines_fit, Length(max=3000)])
    submit = SubmitField(_l("Open the survey"))

    def validate_closes_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The survey must close on or after the day it opens."))

    def validate_awareness_choices(self, field) -> None:
        if self.awareness_question.data and not (field.data or "").strip():
            raise ValidationError(_l("Give the choices of the awareness question."))

    def survey_data(self) -> SurveyData:
        return SurveyData(self.title.data, self.opens_on.data, self.closes_on.data, self.participation_question.data,
                          self.awareness_question.data or "", self.awareness_choices.data or "",
                          self.extra_questions.data or "")


class ActionForm(Form):
    submit = SubmitField()


def answer_form(survey: Survey) -> Form:
    """A form with one set of radio buttons per question of `survey`."""

    class AnswerForm(Form):
        submit = SubmitField(_l("Send the answers"))

    for question in survey.questions:
        if question.kind == QuestionKind.YES_NO:
            choices = [SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))]
        else:
            choices = [SelectChoice(choice, choice) for choice in question.choice_list]
        validators = [InputRequired(message=_l("Please choose an answer."))] if question.counts_as_participation \
            else [Optional()]
        setattr(AnswerForm, f"question_{question.id}", RadioField(question.text, choices=choices,
                                                                  validators=validators))
    return AnswerForm()
