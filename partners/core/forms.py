"""The base of every form in the app: what people type is cleaned the same way everywhere.

Every text field (not passwords) first loses control and zero-width characters, and a NUL byte is refused with
a message; a required text field is then judged on the cleaned value, so a name of only spaces or only
zero-width characters is refused as empty (WTForms' InputRequired alone looks at the raw input).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from partners.core.i18n import language
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


# The messages of WTForms and Flask-WTF that our forms can show. They come from the libraries, not from our
# code, so extraction does not find them: tests/core/test_translations.py checks that messages.po has each.
LIBRARY_MESSAGES = (
    "This field is required.",
    "Invalid input.",
    "Invalid email address.",
    "Invalid URL.",
    "Not a valid choice.",
    "Invalid Choice: could not coerce.",
    "Invalid choice(s): one or more data inputs could not be coerced.",
    ("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field."),
    "Not a valid date value.",
    "Not a valid datetime value.",
    "Not a valid time value.",
    "Not a valid integer value.",
    "Not a valid decimal value.",
    "Not a valid float value.",
    ("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    ("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    ("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."),
    "Field must be between %(min)d and %(max)d characters long.",
    "Number must be at least %(min)s.",
    "Number must be at most %(max)s.",
    "Number must be between %(min)s and %(max)s.",
    "Invalid value, must be one of: %(values)s.",
    "The CSRF token is missing.",
    "The CSRF session token is missing.",
    "The CSRF token has expired.",
    "The CSRF token is invalid.",
    "The CSRF tokens do not match.",
    "The referrer header is missing.",
    "The referrer does not match the host.",
)


class CatalogueTranslations:
    """WTForms' and Flask-WTF's built-in messages through our own catalogue (their English text is the msgid), so
    they read in the same register as ours instead of in the libraries' stock translations. The messages are
    formatted by WTForms afterwards, so they go to the translations object, not to Flask-Babel's formatting
    gettext. The translations are the ones `language()` keeps for the request: WTForms asks for a few messages
    whenever a form is made, and Flask-Babel's own lookup of them was a tenth of the events list's time."""

    def gettext(self, string: str) -> str:
        return language().translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return language().translations.ngettext(singular, plural, n)


TRANSLATIONS = CatalogueTranslations()


class CatalogueCSRF(_FlaskFormCSRF):
    """Flask-WTF raises its CSRF messages untranslated; a form on a view exempt from the global check shows them
    in the visitor's language."""

    def validate_csrf_token(self, form, field):
        try:
            super().validate_csrf_token(form, field)
        except ValidationError as error:
            raise ValidationError(TRANSLATIONS.gettext(error.args[0])) from None


class Form(FlaskForm):
    class Meta:
        csrf_class = CatalogueCSRF

        def get_translations(self, form):
            return TRANSLATIONS

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

    def filled_in(self, *names: str) -> tuple:
        """What was typed or chosen in the named fields (default: all but the page) and what was wrong with
        each: everything a rendering of them depends on, so a key to keep that rendering under."""
        fields = [self[name] for name in names] if names else [field for field in self if field.name != "page"]
        return tuple((tuple(field.raw_data or ()), tuple(map(str, field.errors))) for field in fields)


def date_in_range(form, field) -> None:
    """A validator for date fields: 1900-01-01 to ten years from today."""
    problem = field.data and date_range_problem(field.data)
    if problem:
        raise ValidationError(problem)
