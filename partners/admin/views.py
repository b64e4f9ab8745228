"""Administration: who holds which role. Each feature adds its own admin pages in its own package."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partners.accounts.decorators import role_required
from partners.accounts.models import Role, User
from partners.admin.forms import RoleChangeForm
from partners.admin.services import RoleChangeRefused, grant_role, revoke_role
from partners.core.i18n import role_label
from partners.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    accounts = db.session.scalars(select(User).order_by(User.created_at)).all()
    return render_template("admin/users.html", users=accounts, form=RoleChangeForm())


@bp.post("/users/<int:user_id>/roles")
@role_required(Role.ADMIN)
def change_role(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleChangeForm()
    if not form.validate_on_submit():
        flash(_("Choose a role."), "error")
        return redirect(url_for("admin.users"))
    role = Role(form.role.data)
    try:
        if form.action.data == "grant":
            grant_role(user, role)
        else:
            revoke_role(user, role, current_user)
    except RoleChangeRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    if form.action.data == "grant":
        flash(_("%(name)s is now %(role)s.", name=user.name, role=role_label(role)), "success")
    else:
        flash(_("%(name)s is no longer %(role)s.", name=user.name, role=role_label(role)), "success")
    return redirect(url_for("admin.users"))
