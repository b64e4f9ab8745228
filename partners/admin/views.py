from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partners.accounts.decorators import role_required
from partners.accounts.models import Role, User
from partners.admin.forms import RoleChangeForm
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
    if form.action.data == "revoke" and user.id == current_user.id and form.role.data == Role.ADMIN:
        flash(_("You cannot take the administrator role from yourself."), "error")
        return redirect(url_for("admin.users"))
    if form.action.data == "grant":
        user.grant(form.role.data)
        flash(_("%(name)s is now %(role)s.", name=user.name, role=role_label(form.role.data)), "success")
    else:
        user.revoke(form.role.data)
        flash(_("%(name)s is no longer %(role)s.", name=user.name, role=role_label(form.role.data)), "success")
    db.session.commit()
    return redirect(url_for("admin.users"))
