from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import AnyOf, InputRequired

from partners.accounts.models import Role
from partners.core.forms import Form
from partners.core.i18n import ROLE_LABELS


class RoleChangeForm(Form):
    """One form per person: a role and two submit buttons named `action` (grant or revoke)."""

    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, ROLE_LABELS[role.value]) for role in Role],
                       validators=[InputRequired()])
    action = HiddenField(validators=[AnyOf(["grant", "revoke"])])
