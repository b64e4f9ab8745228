import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from partners.core.forms import Form
from partners.core.sdgs import GOALS
from partners.core.text import (
    is_katakana_reading,
    normalise_email,
    normalise_identifier,
    normalise_multiline,
    normalise_phone,
    normalise_text,
    to_katakana,
)
from partners.members.labels import SECTION_LABELS, VISIBILITY_LABELS, setting_choices
from partners.members.models import Visibility
from partners.members.postal import normalise_postal_code, postal_digits
from partners.members.profiles import ProfileData, max_length

# A Japanese number as people write it: 10 or 11 digits from a leading 0, hyphens where they like.
PHONE = re.compile(r"0[0-9]*(-[0-9]+)*")
PURPOSE_CONSENT = _l(
    "I agree that the city uses this information to run the SDGs Partners programme and publishes only the "
    "sections I chose to publish."
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def fits(name: str) -> Length:
    """A length check at the partner column's own limit, the one the CSV import applies too."""
    return Length(max=max_length(name))


def katakana_reading(form, field):
    if field.data and not is_katakana_reading(field.data):
        raise ValidationError(_l("Enter the reading in katakana (or hiragana)."))


def postal_code_format(form, field):
    if field.data and postal_digits(field.data) is None:
        raise ValidationError(_l("Enter the postal code as seven digits, e.g. 305-0031."))


def phone_format(form, field):
    digits = field.data.replace("-", "") if field.data else ""
    if field.data and not (PHONE.fullmatch(field.data) and 10 <= len(digits) <= 11):
        raise ValidationError(_l("Enter a phone number of 10 or 11 digits starting with 0, e.g. 029-883-1111."))


PLEASE_CHOOSE = _l("Please choose")


def chosen_from(setting: str) -> list[SelectChoice]:
    """A configured list with a first, empty option: nothing is chosen until the person chooses."""
    return [SelectChoice("", PLEASE_CHOOSE), *(SelectChoice(value, label) for value, label in setting_choices(setting))]


def visibility_field(label) -> RadioField:
    """Who may see a section: the person chooses, nothing is checked in advance (nothing is published unasked)."""
    return RadioField(
        label,
        choices=[SelectChoice(level.value, VISIBILITY_LABELS[level]) for level in Visibility],
        invalid_choice_message=_l("Choose who may see this."),
    )


class ProfileForm(Form):
    """What individuals and groups share. The subclasses add their own fields."""

    name = StringField(_l("Name"), filters=[normalise_text], validators=[InputRequired(), fits("name")])
    name_kana = StringField(_l("Reading (furigana)"), filters=[to_katakana],
                            validators=[InputRequired(), fits("name_kana"), katakana_reading])
    area = SelectField(_l("District"), validators=[InputRequired(message=_l("Choose a district."))])
    goals = MultiCheckboxField(
        _l("SDGs you work on"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose at least one goal."))],
    )
    activities = TextAreaField(_l("What you do or want to do"), filters=[normalise_multiline],
                               validators=[fits("activities")])
    offers = TextAreaField(_l("What you can offer"), filters=[normalise_multiline], validators=[fits("offers")])
    needs = TextAreaField(_l("What you are looking for"), filters=[normalise_multiline], validators=[fits("needs")])
    website = URLField(_l("Website"), filters=[normalise_identifier],
                       validators=[Optional(), fits("website"),
                                   URL(message=_l("Enter a full web address (https://…)."))])
    email = EmailField(_l("Contact e-mail address"), filters=[normalise_email],
                       validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")), fits("email")])
    phone = TelField(_l("Phone number"), filters=[normalise_phone],
                     validators=[Optional(), fits("phone"), phone_format])
    visibility_listing = visibility_field(SECTION_LABELS["listing"])
    visibility_activities = visibility_field(SECTION_LABELS["activities"])
    visibility_offers_needs = visibility_field(SECTION_LABELS["offers_needs"])
    visibility_contact = visibility_field(SECTION_LABELS["contact"])
    submit = SubmitField(_l("Save"))

    visibility_sections = ("listing", "activities", "offers_needs", "contact")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = chosen_from("PARTNER_AREAS")
        self.goals.choices = [SelectChoice(goal.number, f"{goal.number}. {goal.name}") for goal in GOALS]

    def profile_data(self) -> ProfileData:
        data = ProfileData(
            name=self.name.data,
            name_kana=self.name_kana.data,
            area=self.area.data,
            goals=list(self.goals.data),
            activities=self.activities.data,
            offers=self.offers.data,
            needs=self.needs.data,
            website=self.website.data or None,
            visibility={section: Visibility(self[f"visibility_{section}"].data)
                        for section in self.visibility_sections},
        )
        for name in ("email", "phone", "group_type", "representative", "postal_code", "address", "size"):
            if name in self:
                setattr(data, name, self[name].data or None)
        return data


class IndividualProfileForm(ProfileForm):
    pass


class GroupProfileForm(ProfileForm):
    name = StringField(_l("Group name"), filters=[normalise_text], validators=[InputRequired(), fits("name")])
    group_type = SelectField(_l("Type of group"), validators=[InputRequired(message=_l("Choose a type of group."))])
    representative = StringField(_l("Representative"), filters=[normalise_text],
                                 validators=[InputRequired(), fits("representative")])
    postal_code = StringField(_l("Postal code"), filters=[normalise_postal_code],
                              validators=[Optional(), postal_code_format])
    lookup = SubmitField(_l("Find address"))
    address = StringField(_l("Address"), filters=[normalise_text], validators=[Optional(), fits("address")])
    use_found_address = SubmitField(_l("Use this address"))
    size = IntegerField(_l("Number of members"), validators=[Optional(), NumberRange(min=1, max=1_000_000)])

    found_address: str | None = None  # offered by the lookup when the address field already held something

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_type.choices = chosen_from("GROUP_TYPES")


class ConsentMixin:
    consent = BooleanField(PURPOSE_CONSENT, validators=[
        InputRequired(message=_l("Please agree to the purpose of use to apply.")),
    ])


class IndividualApplicationForm(ConsentMixin, IndividualProfileForm):
    submit = SubmitField(_l("Send application"))


class GroupApplicationForm(ConsentMixin, GroupProfileForm):
    submit = SubmitField(_l("Send application"))


class WithdrawForm(Form):
    reason = TextAreaField(_l("Reason (optional)"), filters=[normalise_multiline], validators=[Length(max=1000)])
    confirm = BooleanField(
        _l("I understand that withdrawing removes our profile and personal data and cannot be undone."),
        validators=[InputRequired(message=_l("Please confirm the withdrawal."))],
    )
    submit = SubmitField(_l("Withdraw from the programme"))
