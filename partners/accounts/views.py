from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from partners.accounts import services
from partners.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from partners.accounts.models import User
from partners.accounts.tokens import InvalidToken
from partners.core.i18n import current_language
from partners.core.security import safe_next_path
from partners.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

login_manager.login_view = "accounts.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def invalid_link():
    flash(_("This link is invalid, has expired, or has already been used."), "error")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        services.register_user(form.email.data, form.name.data, form.password.data, current_language())
        db.session.commit()
        return render_template("accounts/check_mail.html", email=form.email.data)
    return render_template("accounts/signup.html", form=form)


@bp.get("/verify/<token>")
def verify_email(token: str):
    try:
        services.verify_email(token)
    except InvalidToken:
        invalid_link()
        return redirect(url_for("accounts.login"))
    db.session.commit()
    flash(_("Your e-mail address is confirmed. You can now log in."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and not user.is_verified:
            services.send_verification(user)
            db.session.commit()
            flash(_("Please confirm your e-mail address first. We have sent you a new link."), "warning")
            return redirect(url_for("accounts.login"))
        db.session.commit()
        if user is None:
            flash(_("The e-mail address or password is not correct. After several failed attempts the account is "
                    "locked for a few minutes."), "error")
            return render_template("accounts/login.html", form=form), 200
        login_user(user, remember=form.remember.data)
        flash(_("You are logged in."), "success")
        return redirect(safe_next_path(request.args.get("next")) or url_for("core.index"))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("core.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account uses that address, we have sent it a link to reset the password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except InvalidToken:
        invalid_link()
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Please log in."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.get("/settings")
@login_required
def settings():
    return render_template(
        "accounts/settings.html",
        password_form=ChangePasswordForm(),
        email_form=ChangeEmailForm(),
        delete_form=DeleteAccountForm(),
    )


def render_settings_with(**forms):
    defaults = {
        "password_form": ChangePasswordForm(formdata=None),
        "email_form": ChangeEmailForm(formdata=None),
        "delete_form": DeleteAccountForm(formdata=None),
    }
    return render_template("accounts/settings.html", **(defaults | forms)), 400


@bp.post("/settings/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_settings_with(password_form=form)
    try:
        services.change_password(current_user, form.current_password.data, form.password.data)
    except services.AccountError as error:
        form.current_password.errors.append(str(error))
        return render_settings_with(password_form=form)
    db.session.commit()
    flash(_("Your password has been changed."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/email")
@login_required
def change_email():
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return render_settings_with(email_form=form)
    try:
        services.request_email_change(current_user, form.email.data, form.password.data)
    except services.AccountError as error:
        form.email.errors.append(str(error))
        return render_settings_with(email_form=form)
    db.session.commit()
    flash(_("We have sent a confirmation link to your new address. The change takes effect when you open it."),
          "success")
    return redirect(url_for("accounts.settings"))


@bp.get("/email/confirm/<token>")
def confirm_email_change(token: str):
    try:
        services.confirm_email_change(token)
    except InvalidToken:
        invalid_link()
        return redirect(url_for("core.index"))
    except services.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("core.index"))
    db.session.commit()
    flash(_("Your e-mail address has been changed."), "success")
    return redirect(url_for("accounts.settings") if current_user.is_authenticated else url_for("accounts.login"))


@bp.post("/settings/delete")
@login_required
def delete_account():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return render_settings_with(delete_form=form)
    try:
        services.delete_account(current_user, form.password.data)
    except services.AccountError as error:
        form.password.errors.append(str(error))
        return render_settings_with(delete_form=form)
    db.session.commit()
    logout_user()
    flash(_("Your account has been deleted."), "success")
    return redirect(url_for("core.index"))
