"""The member list's search form (GET: its URL carries the search, so it can be bookmarked and shared)."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from partners.core.forms import QueryForm
from partners.core.sdgs import GOALS
from partners.core.text import normalise_text
from partners.members.labels import KIND_LABELS, setting_choices
from partners.members.models import PartnerKind

ANY = SelectChoice("", _l("All"))
MAX_PAGE = 100_000
KEYWORD_LENGTH = 100


class DirectoryFilterForm(QueryForm):
    q = SearchField(_l("Keyword"), filters=[normalise_text], validators=[Optional(), Length(max=KEYWORD_LENGTH)])
    goal = SelectMultipleField(_l("Goals"), coerce=int, validators=[Optional()],
                               widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    match = SelectField(_l("Partners with"), default="any", validators=[Optional()], choices=[
        SelectChoice("any", _l("any of these goals")), SelectChoice("all", _l("all of these goals"))])
    kind = SelectField(_l("Individual or group"), default="", validators=[Optional()],
                       choices=[ANY] + [SelectChoice(k.value, KIND_LABELS[k]) for k in PartnerKind])
    group_type = SelectField(_l("Type of group"), default="", validators=[Optional()])
    area = SelectField(_l("District"), default="", validators=[Optional()])
    sort = SelectField(_l("Order"), default="kana", validators=[Optional()], choices=[
        SelectChoice("kana", _l("Reading (50音)")), SelectChoice("newest", _l("Newest partners first"))])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)], default=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal.choices = [SelectChoice(g.number, f"{g.number}. {g.name}") for g in GOALS]
        self.area.choices = [ANY] + [SelectChoice(v, label) for v, label in setting_choices("PARTNER_AREAS")]
        self.group_type.choices = [ANY] + [SelectChoice(v, label) for v, label in setting_choices("GROUP_TYPES")]

    def query_args(self, **changes) -> dict:
        """As QueryForm's, with every chosen goal (a list: url_for repeats the argument)."""
        args = super().query_args()
        args.pop("goal", None)
        if self.goal.data and not self.goal.errors:
            args["goal"] = [str(number) for number in self.goal.data]
        return args | changes
