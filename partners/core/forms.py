"""The base of every form in the app: what people type is cleaned the same way everywhere.

Every text field (not passwords) first loses control and zero-width characters, and a NUL byte is refused with
a message; a required text field is then judged on the cleaned value, so a name of only spaces or only
zero-width characters is refused as empty (WTForms' InputRequired alone looks at the raw input).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from partners.core.text import strip_invisible
from partners.core.timeutil import date_range_problem


def refuse_nul(value: str | None) -> str | None:
    """A WTForms filter: a ValueError raised here becomes the field's error."""
    if value and "\x00" in value:
        raise ValueError(_l("The text contains a NUL character, which cannot be saved. Please remove it."))
    return value


def _required_after_filters(validator):
    if type(validator) is InputRequired:
        return DataRequired(message=validator.message)
    return validator


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                kwargs = unbound_field.kwargs
                options = {
                    **options,
                    "filters": [refuse_nul, strip_invisible, *(kwargs.get("filters") or ())],
                    "validators": [_required_after_filters(v) for v in kwargs.get("validators") or ()],
                }
            return unbound_field.bind(form=form, **options)


class QueryForm(Form):
    """A GET form (filters): its URL can be bookmarked and shared, so it carries no CSRF token."""

    class Meta:
        csrf = False

    def query_args(self, **changes) -> dict[str, str]:
        """The form's own filled-in, valid fields as query arguments, for links such as the next page. Request
        arguments the form does not know never reach `url_for`, where `_scheme`, `_anchor` or `endpoint` would
        rewrite the link or fail."""
        args = {name: field.raw_data[0] for name, field in self._fields.items()
                if field.raw_data and field.raw_data[0] and field.data and not field.errors}
        return args | changes


def date_in_range(form, field) -> None:
    """A validator for date fields: 1900-01-01 to ten years from today."""
    problem = field.data and date_range_problem(field.data)
    if problem:
        raise ValidationError(problem)
