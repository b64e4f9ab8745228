"""Event forms: staff's event editor, the public filters, and registration."""

import re
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from partners.core.forms import Form, QueryForm
from partners.core.text import normalise_email, normalise_identifier, normalise_multiline, normalise_text
from partners.core.timeutil import date_range_problem, local_zone
from partners.events.labels import AUDIENCE_LABELS, FORMAT_LABELS, KIND_LABELS, MODE_LABELS
from partners.events.models import MODES_OF_FORMAT, AttendanceMode, Audience, EventFormat, EventKind
from partners.events.publishing import EventData
from partners.members.forms import IndividualApplicationForm

MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
MAX_CAPACITY = 100_000
MAX_PAGE = 10_000


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value.value, label) for value, label in labels.items()]


def any_choice(labels: dict) -> list[SelectChoice]:
    return [SelectChoice("", _l("All")), *choices(labels)]


def in_range(form, field) -> None:
    problem = field.data and date_range_problem(field.data.date())
    if problem:
        raise ValidationError(problem)


def local_to_utc(value: datetime | None) -> datetime | None:
    """A time entered on the form is local (Asia/Tokyo); the database keeps UTC."""
    return value.replace(tzinfo=local_zone()).astimezone(UTC) if value else None


def utc_to_local(value: datetime | None) -> datetime | None:
    return value.astimezone(local_zone()).replace(tzinfo=None) if value else None


def local_time_field(label, required: bool = False) -> DateTimeLocalField:
    return DateTimeLocalField(label, format="%Y-%m-%dT%H:%M",
                              validators=[InputRequired() if required else Optional(), in_range])


class EventForm(Form):
    kind = RadioField(_l("Kind"), choices=choices(KIND_LABELS), validators=[InputRequired()])
    title = StringField(_l("Title"), filters=[normalise_text], validators=[InputRequired(), Length(max=200)])
    theme = StringField(_l("Theme"), filters=[normalise_text], validators=[Length(max=200)])
    description = TextAreaField(_l("Description (Markdown)"), filters=[normalise_multiline],
                                validators=[Length(max=20_000)])
    speakers = TextAreaField(_l("Speakers"), filters=[normalise_multiline], validators=[Length(max=2000)])
    starts_at = local_time_field(_l("Starts"), required=True)
    ends_at = local_time_field(_l("Ends"), required=True)
    format = RadioField(_l("Format"), choices=choices(FORMAT_LABELS), validators=[InputRequired()])
    venue = StringField(_l("Venue"), filters=[normalise_text], validators=[Length(max=200)])
    venue_address = StringField(_l("Venue address"), filters=[normalise_text], validators=[Length(max=300)])
    online_url = URLField(_l("Online meeting URL (shown only to registered participants)"),
                          filters=[normalise_identifier],
                          validators=[Optional(), Length(max=500),
                                      URL(message=_l("Enter a full web address (https://…)."))])
    capacity_in_person = IntegerField(_l("Seats in person"),
                                      validators=[Optional(), NumberRange(min=1, max=MAX_CAPACITY)])
    capacity_online = IntegerField(_l("Places online"), validators=[Optional(), NumberRange(min=1, max=MAX_CAPACITY)])
    registration_opens_at = local_time_field(_l("Registration opens"))
    registration_closes_at = local_time_field(_l("Registration closes"))
    audience = RadioField(_l("Who may register"), choices=choices(AUDIENCE_LABELS), validators=[InputRequired()])
    certifies = BooleanField(_l("Attending certifies an individual partner"))
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        start, end = self.starts_at.data, self.ends_at.data
        if end <= start:
            self.ends_at.errors.append(_l("The end must come after the start."))
        opens, closes = self.registration_opens_at.data, self.registration_closes_at.data
        if closes and closes > start:
            self.registration_closes_at.errors.append(_l("Registration must close by the start."))
        if opens and opens >= (closes or start):
            self.registration_opens_at.errors.append(_l("Registration must open before it closes."))
        modes = MODES_OF_FORMAT[EventFormat(self.format.data)]
        if AttendanceMode.IN_PERSON in modes and not self.capacity_in_person.data:
            self.capacity_in_person.errors.append(_l("Enter the number of seats."))
        if AttendanceMode.IN_PERSON in modes and not self.venue.data:
            self.venue.errors.append(_l("Enter the venue."))
        if AttendanceMode.ONLINE in modes and not self.capacity_online.data:
            self.capacity_online.errors.append(_l("Enter the number of places."))
        return not any(field.errors for field in self)

    def fill_from(self, data: EventData) -> None:
        for name in ("title", "theme", "description", "speakers", "venue", "venue_address", "online_url",
                     "capacity_in_person", "capacity_online", "certifies"):
            self[name].data = getattr(data, name)
        for name in ("kind", "format", "audience"):
            self[name].data = getattr(data, name).value
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self[name].data = utc_to_local(getattr(data, name))

    def event_data(self) -> EventData:
        return EventData(
            kind=EventKind(self.kind.data), title=self.title.data, theme=self.theme.data,
            description=self.description.data, speakers=self.speakers.data,
            starts_at=local_to_utc(self.starts_at.data), ends_at=local_to_utc(self.ends_at.data),
            format=EventFormat(self.format.data), venue=self.venue.data, venue_address=self.venue_address.data,
            online_url=self.online_url.data or "", capacity_in_person=self.capacity_in_person.data,
            capacity_online=self.capacity_online.data,
            registration_opens_at=local_to_utc(self.registration_opens_at.data),
            registration_closes_at=local_to_utc(self.registration_closes_at.data),
            audience=Audience(self.audience.data), certifies=self.certifies.data,
        )


class CancelEventForm(Form):
    reason = TextAreaField(_l("Reason (sent to every registrant)"), filters=[normalise_multiline],
                           validators=[InputRequired(), Length(max=1000)])
    submit = SubmitField(_l("Cancel the event"))


class ActionForm(Form):
    """A button that changes something: POST with a CSRF token."""

    submit = SubmitField()


class EventFilterForm(QueryForm):
    """The events list's filters. The theme's choices are the published themes, which the list reads with its
    events, after the other filters are checked: `offer_themes` gives them and checks the chosen one."""

    kind = SelectField(_l("Kind"), choices=any_choice(KIND_LABELS), validators=[Optional()])
    theme = SelectField(_l("Theme"), validators=[Optional()], validate_choice=False)
    format = SelectField(_l("Format"), choices=any_choice(FORMAT_LABELS), validators=[Optional()])
    month = StringField(_l("Month"), validators=[Optional(), Length(max=7)])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])
    submit = SubmitField(_l("Show"))

    def offer_themes(self, themes: list[str]) -> bool:
        """Make `themes` the theme's choices; False, with the field's error, when the chosen theme is none of
        them (as a choice field refuses it, and only when a value was given, as `Optional` lets an empty one
        pass)."""
        self.theme.choices = [SelectChoice("", _l("All")), *(SelectChoice(theme, theme) for theme in themes)]
        given = self.theme.raw_data and self.theme.raw_data[0].strip()
        if given and self.theme.data not in themes:
            self.theme.errors.append(self.theme.gettext("Not a valid choice."))
            return False
        return True

    def validate_month(self, field) -> None:
        if field.data and not (MONTH.fullmatch(field.data) and 2000 <= int(field.data[:4]) <= 2100):
            raise ValidationError(_l("Choose a month."))


def mode_field() -> RadioField:
    return RadioField(_l("How will you attend?"), choices=choices(MODE_LABELS),
                      validators=[InputRequired(message=_l("Choose how you will attend."))])


class RegisterForm(Form):
    mode = mode_field()
    submit = SubmitField(_l("Register"))


class RegisterWithApplicationForm(IndividualApplicationForm):
    """For a certifying lecture: the individual partner application and the registration in one step."""

    mode = mode_field()
    submit = SubmitField(_l("Apply and register"))


class PersonForm(Form):
    class Meta:
        csrf = False

    name = StringField(_l("Name"), filters=[normalise_text], validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail address"), filters=[normalise_email],
                       validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))])


class NamedRegistrationForm(Form):
    group = SelectField(_l("Group"), coerce=int, validators=[InputRequired()])
    mode = mode_field()
    people = FieldList(FormField(PersonForm), min_entries=5, max_entries=20)
    submit = SubmitField(_l("Register these people"))

    def validate_people(self, field) -> None:
        filled = [entry for entry in field if entry.form.name.data or entry.form.email.data]
        if not filled:
            raise ValidationError(_l("Enter at least one person."))
        for entry in filled:
            if not (entry.form.name.data and entry.form.email.data):
                raise ValidationError(_l("Enter both the name and the e-mail address of each person."))

    def people_data(self) -> list[tuple[str, str]]:
        return [(entry.form.name.data, entry.form.email.data) for entry in self.people if entry.form.name.data]
