from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from partners.core.forms import Form, QueryForm, date_in_range
from partners.core.text import normalise_multiline, normalise_text

LARGEST_VALUE = 10**12


class ActualForm(Form):
    as_of = DateField(_l("As of"), validators=[InputRequired(), date_in_range])
    value = DecimalField(_l("Figure"), places=1, validators=[
        InputRequired(), NumberRange(min=-LARGEST_VALUE, max=LARGEST_VALUE)])
    source_note = StringField(_l("Source"), filters=[normalise_text], validators=[InputRequired(), Length(max=300)])
    submit = SubmitField(_l("Save the figure"))


class PlanNoteForm(Form):
    next_plan_note = TextAreaField(_l("How the result feeds the next plan"), filters=[normalise_multiline],
                                   validators=[Length(max=2000)])
    submit = SubmitField(_l("Save the note"))


class RemoveActualForm(Form):
    actual_id = HiddenField()
    submit = SubmitField(_l("Remove"))


class SheetForm(QueryForm):
    year = IntegerField(_l("Report year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
