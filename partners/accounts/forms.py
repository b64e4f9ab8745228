from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from partners.accounts.passwords import password_problem
from partners.core.forms import Form
from partners.core.text import normalise_email, normalise_text


class StrongPassword:
    """Checks the new password against the policy; the e-mail comes from a sibling field when there is one."""

    def __init__(self, email_field: str | None = None):
        self.email_field = email_field

    def __call__(self, form, field):
        email = form[self.email_field].data if self.email_field else ""
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


def email_field(label=None):
    label = label or _l("E-mail address")
    return EmailField(
        label,
        filters=[normalise_email],
        validators=[InputRequired(), Email(message=_l("Enter a valid e-mail address.")), Length(max=254)],
    )


class SignupForm(Form):
    name = StringField(_l("Name"), filters=[normalise_text], validators=[InputRequired(), Length(max=100)])
    email = email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(), StrongPassword("email")])
    password_confirm = PasswordField(
        _l("Password (again)"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    consent = BooleanField(
        _l("I agree that my name and e-mail address are used to run my account and to contact me about the "
           "programme."),
        validators=[InputRequired(message=_l("Please agree to the purpose of use to create an account."))],
    )
    submit = SubmitField(_l("Create account"))


class LoginForm(Form):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired()])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(Form):
    email = email_field()
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[InputRequired(), StrongPassword()])
    password_confirm = PasswordField(
        _l("New password (again)"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])
    password = PasswordField(_l("New password"), validators=[InputRequired(), StrongPassword()])
    password_confirm = PasswordField(
        _l("New password (again)"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Change password"))


class ChangeEmailForm(Form):
    email = email_field(_l("New e-mail address"))
    password = PasswordField(_l("Current password"), validators=[InputRequired()])
    submit = SubmitField(_l("Change e-mail address"))


class DeleteAccountForm(Form):
    password = PasswordField(_l("Current password"), validators=[InputRequired()])
    confirm = BooleanField(
        _l("I understand that my account is deleted and cannot be restored."),
        validators=[InputRequired(message=_l("Please confirm that you want to delete your account."))],
    )
    submit = SubmitField(_l("Delete my account"))


class EndSessionForm(Form):
    """Only the CSRF token: the session is named by the URL, and the page renders a button per row."""

    submit = SubmitField(_l("Log out"))
