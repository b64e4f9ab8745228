"""Portal forms: staff's news editor, collaboration requests and answers, showcase entries."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from partners.core.forms import Form
from partners.core.sdgs import GOALS
from partners.core.text import normalise_multiline, normalise_text
from partners.events.forms import local_time_field, local_to_utc
from partners.members.forms import MultiCheckboxField
from partners.portal.images import MAX_IMAGE_BYTES, image_problem
from partners.portal.models import NewsStatus

MESSAGE_LENGTH = 2000
REPORT_LENGTH = 1000


def uploaded_image(form, field) -> None:
    """Read an uploaded picture into `field.content` (None when nothing was uploaded), refusing what is not one."""
    field.content = None
    if not isinstance(field.data, FileStorage) or not field.data.filename:
        return
    content = field.data.stream.read(MAX_IMAGE_BYTES + 1)
    if not content:
        return
    problem = image_problem(content)
    if problem:
        raise ValidationError(problem)
    field.content = content


def image_field(label) -> FileField:
    return FileField(label, validators=[uploaded_image],
                     render_kw={"accept": "image/jpeg,image/png,image/gif,image/webp"})


class NewsForm(Form):
    title = StringField(_l("Title"), filters=[normalise_text], validators=[InputRequired(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), filters=[normalise_multiline], validators=[Length(max=20_000)])
    publish_at = local_time_field(_l("Publish date and time"), required=True)
    pinned = BooleanField(_l("Pin to the top of the news"))
    status = RadioField(_l("State"), validators=[InputRequired()], choices=[
        SelectChoice(NewsStatus.DRAFT.value, _l("Draft (not shown)")),
        SelectChoice(NewsStatus.PUBLISHED.value, _l("Published (shown from the publish date)")),
    ])
    image = image_field(_l("Image (JPEG, PNG, GIF or WebP, up to 2 MB; optional)"))
    remove_image = BooleanField(_l("Remove the current image"))
    submit = SubmitField(_l("Save"))

    @property
    def publish_at_utc(self):
        return local_to_utc(self.publish_at.data)


class CollaborationRequestForm(Form):
    sender = SelectField(_l("Send as"), coerce=int)
    message = TextAreaField(_l("Your message"), filters=[normalise_multiline],
                            validators=[InputRequired(), Length(max=MESSAGE_LENGTH)])
    submit = SubmitField(_l("Send the request"))


class ActionForm(Form):
    """A button that only needs the CSRF token (accept, decline, consent, approve)."""


class ReportForm(Form):
    reason = TextAreaField(_l("What is wrong with this request?"), filters=[normalise_multiline],
                           validators=[InputRequired(), Length(max=REPORT_LENGTH)])
    submit = SubmitField(_l("Report to the programme office"))


class ShowcaseForm(Form):
    title = StringField(_l("Title"), filters=[normalise_text], validators=[InputRequired(), Length(max=200)])
    body = TextAreaField(_l("What you did together"), filters=[normalise_multiline],
                         validators=[InputRequired(), Length(max=4000)])
    goals = MultiCheckboxField(_l("SDGs it works on"), coerce=int,
                               validators=[InputRequired(message=_l("Choose at least one goal."))])
    image = image_field(_l("Photo (JPEG, PNG, GIF or WebP, up to 2 MB; optional)"))
    submit = SubmitField(_l("Save and ask the other partner's consent"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals.choices = [SelectChoice(goal.number, f"{goal.number}. {goal.name}") for goal in GOALS]
