"""Forms for a group's contacts: input checks only; the rules live in partners.members.contacts."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired

from partners.accounts.forms import email_field
from partners.core.forms import Form
from partners.members.labels import CONTACT_ROLE_LABELS
from partners.members.models import ContactRole


def role_field() -> SelectField:
    return SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, CONTACT_ROLE_LABELS[role]) for role in ContactRole],
        default=ContactRole.EDITOR.value,
        validators=[InputRequired()],
    )


class InviteContactForm(Form):
    email = email_field(_l("E-mail address of the person to invite"))
    role = role_field()
    submit = SubmitField(_l("Send invitation"))


class ContactRoleForm(Form):
    role = role_field()
    submit = SubmitField(_l("Change role"))


class RemoveContactForm(Form):
    submit = SubmitField(_l("Remove"))


class RevokeInvitationForm(Form):
    """Only the CSRF token: the invitation is named by the URL, and the page renders its own button per row."""


class AcceptInvitationForm(Form):
    submit = SubmitField(_l("Accept the invitation"))
