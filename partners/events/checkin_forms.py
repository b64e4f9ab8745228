"""Forms of the check-in and attendance pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from partners.core.forms import Form, QueryForm


class CodeForm(Form):
    code = StringField(_l("Check-in code or QR code"), validators=[InputRequired(), Length(max=1000)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
    submit = SubmitField(_l("Check in"))


class NameSearchForm(QueryForm):
    q = StringField(_l("Find by name, e-mail address or code"), validators=[Optional(), Length(max=100)])


class AttendeesForm(Form):
    """Ticks of the online attendance list; the choices are the event's registrations."""

    attendees = SelectMultipleField(_l("Attendees"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("Record attendance"))


class AttendanceListForm(Form):
    file = FileField(_l("Participant list (CSV)"), validators=[FileRequired()])
    skip_unmatched = BooleanField(_l("Record the addresses that match even if some lines match nobody"))
    submit = SubmitField(_l("Record from the list"))
