from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from partners.core.forms import Form, QueryForm, date_in_range
from partners.core.routing import MAX_ID
from partners.core.sdgs import GOALS
from partners.core.text import normalise_multiline, normalise_text
from partners.members.labels import KIND_LABELS, setting_choices
from partners.members.lifecycle import STAFF_ACTIONS, STATUS_LABELS
from partners.members.models import PartnerKind, PartnerStatus

ANY = SelectChoice("", _l("All"))


class PartnerFilterForm(QueryForm):
    """The staff list's filters."""

    q = SearchField(_l("Search"), filters=[normalise_text], validators=[Optional(), Length(max=100)])
    kind = SelectField(
        _l("Kind"),
        choices=[ANY] + [SelectChoice(k.value, KIND_LABELS[k]) for k in PartnerKind],
        validators=[Optional()],
        default="",
    )
    status = SelectField(
        _l("Status"),
        validators=[Optional()],
        default="",
        choices=[ANY] + [SelectChoice(s.value, STATUS_LABELS[s]) for s in PartnerStatus],
    )
    area = SelectField(_l("District"), validators=[Optional()], default="")
    goal = SelectField(_l("Goal"), validators=[Optional()], default="")
    group_type = SelectField(_l("Type of group"), validators=[Optional()], default="")
    joined_from = DateField(_l("Joined from"), validators=[Optional(), date_in_range])
    joined_to = DateField(_l("Joined until"), validators=[Optional(), date_in_range])
    sort = SelectField(
        _l("Sort by"),
        default="kana",
        choices=[
            SelectChoice("kana", _l("Reading (50音)")),
            SelectChoice("applied_newest", _l("Application date (newest first)")),
            SelectChoice("applied_oldest", _l("Application date (oldest first)")),
            SelectChoice("joined", _l("Join date (newest first)")),
        ],
    )
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)], default=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [ANY] + [SelectChoice(v, label) for v, label in setting_choices("PARTNER_AREAS")]
        self.group_type.choices = [ANY] + [SelectChoice(v, label) for v, label in setting_choices("GROUP_TYPES")]
        self.goal.choices = [ANY] + [SelectChoice(str(g.number), f"{g.number}. {g.name}") for g in GOALS]


class CountsForm(QueryForm):
    on = DateField(_l("As of"), validators=[Optional(), date_in_range])


def field_names(form_class: type) -> frozenset[str]:
    return frozenset(name for name in dir(form_class) if isinstance(getattr(form_class, name), UnboundField))


# The query arguments the staff list reads: a request with none of them asks for the list as it opens.
LIST_ARGUMENTS = field_names(PartnerFilterForm) | field_names(CountsForm)


def requested_page(args) -> int:
    """The page of the list `args` ask for, 1 when none or no page number is asked for: what the `page` field
    accepts, read without making the form, whose labels need the person's language (the person's read), so that
    the look's audit entry can be made before the person is read (staff_views._list_visit)."""
    try:
        page = int(args.get("page", ""))
    except ValueError:
        return 1
    return page if 1 <= page <= MAX_ID else 1


class StatusActionForm(Form):
    action = HiddenField(validators=[AnyOf(list(STAFF_ACTIONS))])
    reason = TextAreaField(
        _l("Reason or comment"),
        filters=[normalise_multiline],
        validators=[InputRequired(message=_l("Please give a reason.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Confirm"))
