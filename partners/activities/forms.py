from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from partners.activities.models import ActivityKind, ActivityReport
from partners.activities.services import KIND_LABELS, ReportData
from partners.core.forms import Form, date_in_range
from partners.core.sdgs import GOALS
from partners.core.text import normalise_identifier, normalise_multiline, normalise_text
from partners.core.timeutil import local_today
from partners.members.forms import PLEASE_CHOOSE, MultiCheckboxField

MAX_PARTICIPANTS = 100_000
DESCRIPTION_LENGTH = 5000


def column_length(name: str) -> Length:
    return Length(max=ActivityReport.__table__.c[name].type.length)


def not_in_the_future(form, field) -> None:
    if field.data and field.data > local_today():
        raise ValidationError(_l("An activity report is about a day that has come: the date cannot be in the "
                                 "future."))


class ReportForm(Form):
    activity_date = DateField(_l("Date of the activity"), validators=[InputRequired(), date_in_range,
                                                                       not_in_the_future])
    title = StringField(_l("Title"), filters=[normalise_text], validators=[InputRequired(), column_length("title")])
    kind = SelectField(_l("Kind of activity"), validators=[InputRequired(message=_l("Choose the kind."))])
    goals = MultiCheckboxField(_l("SDGs the activity worked on"), coerce=int, validators=[Optional()])
    participants = IntegerField(_l("Number of people who took part"),
                                validators=[Optional(), NumberRange(min=1, max=MAX_PARTICIPANTS)])
    description = TextAreaField(_l("What you did"), filters=[normalise_multiline],
                                validators=[Length(max=DESCRIPTION_LENGTH)])
    other_partners = StringField(_l("Other partners involved (optional)"), filters=[normalise_text],
                                 validators=[column_length("other_partners")])
    photo = FileField(_l("Photo (optional)"))
    is_public = BooleanField(_l("Publish this report on the partner's public profile"))
    submit = SubmitField(_l("Save the report"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice("", PLEASE_CHOOSE),
                             *(SelectChoice(kind.value, KIND_LABELS[kind]) for kind in ActivityKind)]
        self.goals.choices = [SelectChoice(goal.number, f"{goal.number}. {goal.name}") for goal in GOALS]

    def report_data(self) -> ReportData:
        return ReportData(
            activity_date=self.activity_date.data, title=self.title.data, kind=ActivityKind(self.kind.data),
            goals=list(self.goals.data or []), participants=self.participants.data,
            description=self.description.data or "", other_partners=self.other_partners.data or "",
            is_public=self.is_public.data,
        )

    def photo_bytes(self) -> bytes | None:
        upload = self.photo.data
        return upload.read() if upload and getattr(upload, "filename", "") else None


class StaffReportForm(ReportForm):
    """Staff enter a report from a paper form for the partner with this member number."""

    member_no = StringField(_l("Member number"), filters=[normalise_identifier],
                            validators=[InputRequired(), Length(max=30)])
    submit = SubmitField(_l("Save the report"))

    field_order = ("member_no",)


class DeleteForm(Form):
    submit = SubmitField(_l("Delete this report"))
