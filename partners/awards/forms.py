"""Award forms: input checks only. The round editor, the application form and its upload, staff's screening
and assignment forms, the judge's declaration and score sheet, and the decision."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from partners.awards.applications import ApplicationData
from partners.awards.models import TIE_BREAK_CRITERION, TIE_BREAK_TOP_SCORES, RankingMethod
from partners.awards.rounds import CriterionData, RoundData
from partners.core.forms import Form
from partners.core.sdgs import GOALS
from partners.core.text import normalise_email, normalise_multiline, normalise_phone, normalise_text
from partners.events.forms import local_time_field, local_to_utc, utc_to_local
from partners.members.forms import MultiCheckboxField

TIER_LINE = re.compile(r"^(.+?)\s+([0-9]+)$")
MAX_LINES = 20
TIE_BREAK_LABELS = {"": _l("(none)"), TIE_BREAK_CRITERION: _l("The named criterion's mean score"),
                    TIE_BREAK_TOP_SCORES: _l("The number of top scores (a criterion at its maximum)")}
METHOD_LABELS = {RankingMethod.Z_SCORE: _l("Mean of the judges' z-scores (evens out harsh and lenient judges)"),
                 RankingMethod.MEAN: _l("Mean of the weighted totals")}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _split(line: str) -> list[str]:
    return [part.strip() for part in re.split(r"[|｜]", line)]


class RoundForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    title = StringField(_l("Title"), filters=[normalise_text], validators=[InputRequired(), Length(max=200)])
    call_text = TextAreaField(_l("Call for applications (Markdown)"), filters=[normalise_multiline],
                              validators=[Length(max=20_000)])
    opens_at = local_time_field(_l("Applications open"), required=True)
    closes_at = local_time_field(_l("Deadline"), required=True)
    categories = TextAreaField(_l("Categories (one per line)"), filters=[normalise_multiline],
                               validators=[InputRequired(), Length(max=2000)])
    tiers = TextAreaField(_l("Award tiers, one per line with how many (e.g. 大賞 1)"), filters=[normalise_multiline],
                          validators=[InputRequired(), Length(max=2000)])
    criteria = TextAreaField(_l("Criteria, one per line: name | weight | maximum score | description"),
                             filters=[normalise_multiline], validators=[InputRequired(), Length(max=5000)])
    judges_per_application = IntegerField(_l("Judges per application"),
                                          validators=[InputRequired(), NumberRange(min=1, max=20)])
    blind = BooleanField(_l("Blind judging (judges do not see who applied)"))
    ranking_method = RadioField(_l("Ranking"), choices=[SelectChoice(k.value, v) for k, v in METHOD_LABELS.items()],
                                validators=[InputRequired()])
    tie_break_first = SelectField(_l("First tie-break"), choices=[SelectChoice(k, v) for k, v in
                                                                  TIE_BREAK_LABELS.items()], validators=[Optional()])
    tie_break_second = SelectField(_l("Second tie-break"), choices=[SelectChoice(k, v) for k, v in
                                                                    TIE_BREAK_LABELS.items()], validators=[Optional()])
    tie_break_criterion = StringField(_l("Tie-break criterion (its name)"), filters=[normalise_text],
                                      validators=[Length(max=100)])
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors.append(_l("The deadline must come after the opening."))
        categories = _lines(self.categories.data)
        if len(categories) > MAX_LINES or any(len(name) > 100 for name in categories):
            self.categories.errors.append(_l("At most 20 lines of 100 characters."))
        tiers = [TIER_LINE.match(line) for line in _lines(self.tiers.data)]
        if not all(tiers) or len(tiers) > MAX_LINES or any(not 1 <= int(m.group(2)) <= 100 or len(m.group(1)) > 100
                                                           for m in tiers):
            self.tiers.errors.append(_l("Write each tier as its name and a number from 1 to 100, e.g. 大賞 1."))
        criteria = [_split(line) for line in _lines(self.criteria.data)]
        if len(criteria) > MAX_LINES or not all(self._criterion_ok(parts) for parts in criteria):
            self.criteria.errors.append(_l("Write each criterion as: name | weight (1–10) | maximum score (1–100) | "
                                           "description."))
        steps = self.steps()
        if len(steps) != len(set(steps)):
            self.tie_break_second.errors.append(_l("Choose each tie-break once."))
        names = [parts[0] for parts in criteria]
        if TIE_BREAK_CRITERION in steps and self.tie_break_criterion.data not in names:
            self.tie_break_criterion.errors.append(_l("Enter the name of one of the criteria."))
        return not any(field.errors for field in self)

    @staticmethod
    def _criterion_ok(parts: list[str]) -> bool:
        return (3 <= len(parts) <= 4 and 0 < len(parts[0]) <= 100 and parts[1].isdigit() and parts[2].isdigit()
                and 1 <= int(parts[1]) <= 10 and 1 <= int(parts[2]) <= 100)

    def steps(self) -> list[str]:
        return [step for step in (self.tie_break_first.data, self.tie_break_second.data) if step]

    def fill_from(self, data: RoundData) -> None:
        for name in ("year", "title", "call_text", "judges_per_application", "blind", "tie_break_criterion"):
            self[name].data = getattr(data, name)
        self.opens_at.data, self.closes_at.data = utc_to_local(data.opens_at), utc_to_local(data.closes_at)
        self.categories.data = "\n".join(data.categories)
        self.tiers.data = "\n".join(f"{name} {slots}" for name, slots in data.tiers)
        self.criteria.data = "\n".join(f"{c.name} | {c.weight} | {c.max_score} | {c.description}"
                                       for c in data.criteria)
        self.ranking_method.data = data.ranking_method.value
        steps = [*data.tie_break, "", ""]
        self.tie_break_first.data, self.tie_break_second.data = steps[0], steps[1]

    def round_data(self) -> RoundData:
        criteria = []
        for parts in (_split(line) for line in _lines(self.criteria.data)):
            criteria.append(CriterionData(parts[0], int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else ""))
        return RoundData(
            year=self.year.data, title=self.title.data, call_text=self.call_text.data,
            opens_at=local_to_utc(self.opens_at.data), closes_at=local_to_utc(self.closes_at.data),
            categories=_lines(self.categories.data),
            tiers=[(m.group(1), int(m.group(2))) for m in map(TIER_LINE.match, _lines(self.tiers.data))],
            criteria=criteria, judges_per_application=self.judges_per_application.data, blind=self.blind.data,
            ranking_method=RankingMethod(self.ranking_method.data), tie_break=self.steps(),
            tie_break_criterion=self.tie_break_criterion.data,
        )


class ApplicationForm(Form):
    partner = SelectField(_l("Applying as"), coerce=int, validators=[Optional()])
    title = StringField(_l("Title of the initiative"), filters=[normalise_text],
                        validators=[InputRequired(), Length(max=200)])
    category = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    summary = TextAreaField(_l("Summary (published if awarded)"), filters=[normalise_multiline],
                            validators=[Length(max=1000)])
    description = TextAreaField(_l("Description"), filters=[normalise_multiline], validators=[Length(max=10_000)])
    goals = MultiCheckboxField(_l("SDGs the initiative works on"), coerce=int, validators=[Optional()])
    group_name = StringField(_l("The people or group behind it"), filters=[normalise_text],
                             validators=[Length(max=200)])
    contact_name = StringField(_l("Contact person"), filters=[normalise_text], validators=[Length(max=200)])
    contact_email = EmailField(_l("Contact e-mail address"), filters=[normalise_email],
                               validators=[Optional(), Length(max=254),
                                           Email(message=_l("Enter a valid e-mail address."))])
    contact_phone = TelField(_l("Contact phone"), filters=[normalise_phone], validators=[Length(max=20)])
    publish_name = BooleanField(_l("If awarded, the name of the group (or my name) and the first photo may be "
                                   "published with the title and summary."))
    save = SubmitField(_l("Save the draft"))
    submit_application = SubmitField(_l("Submit the application"))

    def __init__(self, categories, partners, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice(0, _l("Choose…")), *(SelectChoice(c.id, c.name) for c in categories)]
        self.partner.choices = [SelectChoice(0, _l("Myself")),
                                *(SelectChoice(p.id, p.name or p.member_no or "—") for p in partners)]
        self.goals.choices = [SelectChoice(goal.number, f"{goal.number}. {goal.name}") for goal in GOALS]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.submit_application.data:
            for name in ("summary", "description", "group_name", "contact_name", "contact_email"):
                if not self[name].data:
                    self[name].errors.append(_l("This field is required to submit."))
            if not self.category.data:
                self.category.errors.append(_l("Choose a category."))
            if not self.goals.data:
                self.goals.errors.append(_l("Choose at least one goal."))
        return not any(field.errors for field in self)

    def fill_from(self, data: ApplicationData) -> None:
        for name in ("title", "summary", "description", "group_name", "contact_name", "contact_email",
                     "contact_phone", "publish_name"):
            self[name].data = getattr(data, name)
        self.category.data = data.category_id or 0
        self.partner.data = data.partner_id or 0
        self.goals.data = data.goals or []

    def application_data(self) -> ApplicationData:
        return ApplicationData(
            title=self.title.data, category_id=self.category.data or None, summary=self.summary.data,
            description=self.description.data, goals=list(self.goals.data or []), group_name=self.group_name.data,
            contact_name=self.contact_name.data, contact_email=self.contact_email.data,
            contact_phone=self.contact_phone.data, publish_name=self.publish_name.data,
            partner_id=self.partner.data or None,
        )


class StaffAmendForm(ApplicationForm):
    reason = TextAreaField(_l("Reason for the change (kept in the judging log)"), filters=[normalise_multiline],
                           validators=[InputRequired(), Length(max=1000)])
    save = SubmitField(_l("Save the change"))


class UploadForm(Form):
    file = FileField(_l("File (JPEG, PNG or PDF)"), validators=[FileRequired(message=_l("Choose a file."))])
    upload = SubmitField(_l("Upload"))


class ActionForm(Form):
    """A button that changes something: POST with a CSRF token."""

    submit = SubmitField()


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), filters=[normalise_multiline], validators=[InputRequired(), Length(max=1000)])
    submit = SubmitField(_l("Confirm"))


class ScreenForm(Form):
    eligible = RadioField(_l("Eligibility"), choices=[SelectChoice("yes", _l("Eligible")),
                                                            SelectChoice("no", _l("Not eligible"))],
                          validators=[InputRequired()])
    reason = TextAreaField(_l("Reason (told to the applicant when not eligible)"), filters=[normalise_multiline],
                           validators=[Length(max=1000)])
    submit = SubmitField(_l("Save the screening"))


class RedactForm(Form):
    redacted_summary = TextAreaField(_l("Redacted summary for blind judging (without the applicant's name)"),
                                     filters=[normalise_multiline], validators=[Length(max=5000)])
    submit = SubmitField(_l("Save the redacted summary"))


class JudgeChoiceForm(Form):
    judge = SelectField(_l("Judge"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("Assign"))

    def __init__(self, judges, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.judge.choices = [SelectChoice(judge.id, judge.name) for judge in judges]


class DeclarationForm(Form):
    conflicts = MultiCheckboxField(_l("Applications I have a relationship with"), coerce=int,
                                   validators=[Optional()])
    note = TextAreaField(_l("Other relationships (free text)"), filters=[normalise_multiline],
                         validators=[Length(max=2000)])
    confirm = BooleanField(_l("I have marked every application I have a relationship with."),
                           validators=[InputRequired(message=_l("Confirm your declaration."))])
    submit = SubmitField(_l("Declare"))

    def __init__(self, applications, blind: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts.choices = [SelectChoice(a.id, a.title if blind else f"{a.title}（{a.group_name}）")
                                  for a in applications]


class ScoreFormBase(Form):
    comment = TextAreaField(_l("Comment"), filters=[normalise_multiline], validators=[Length(max=5000)])
    save = SubmitField(_l("Save the draft"))
    submit_scores = SubmitField(_l("Submit the scores"))


def score_form_class(criteria) -> type[ScoreFormBase]:
    """A score sheet with one whole-number field per criterion, from 0 to its maximum."""
    fields = {f"criterion_{c.id}": IntegerField(c.name, validators=[Optional(), NumberRange(min=0, max=c.max_score)])
              for c in criteria}
    return type("ScoreForm", (ScoreFormBase,), fields)


class DecisionFormBase(Form):
    submit = SubmitField(_l("Decide"))


def decision_form_class(applications, tiers) -> type[DecisionFormBase]:
    """Per eligible application: a tier (or none) and the reason for it."""
    choices = [SelectChoice(0, "—"), *(SelectChoice(tier.id, tier.name) for tier in tiers)]
    fields = {}
    for application in applications:
        fields[f"tier_{application.id}"] = SelectField(_l("Award"), coerce=int, choices=choices,
                                                       validators=[Optional()])
        fields[f"reason_{application.id}"] = TextAreaField(_l("Reason"), filters=[normalise_multiline],
                                                           validators=[Length(max=1000)])
    return type("DecisionForm", (DecisionFormBase,), fields)

