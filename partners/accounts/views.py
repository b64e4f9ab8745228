from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from partners.accounts import services, sessions
from partners.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EndSessionForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from partners.accounts.limits import TOO_MANY_MAILS, mail_allowed, mail_limits
from partners.accounts.models import User
from partners.accounts.tokens import InvalidToken
from partners.core.i18n import current_language
from partners.core.security import safe_next_path
from partners.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

login_manager.login_view = "accounts.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Both cookies carry the token of a server-side session (see partners.accounts.sessions)."""
    return sessions.user_for_token(session_token)


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def invalid_link():
    flash(_("This link is invalid, has expired, or has already been used."), "error")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        if not mail_allowed(form.email.data):
            form.email.errors.append(TOO_MANY_MAILS)
            return render_template("accounts/signup.html", form=form), 429
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
            if mail_allowed(user.email):
                services.send_verification(user)
                flash(_("Please confirm your e-mail address first. We have sent you a new link."), "warning")
            else:
                flash(_("Please confirm your e-mail address first with the link we have recently sent you. "
                        "Check your mailbox, including the spam folder."), "warning")
            db.session.commit()
            return redirect(url_for("accounts.login"))
        if user is None:
            db.session.commit()
            flash(_("The e-mail address or password is not correct. After several failed attempts the account is "
                    "locked for a few minutes."), "error")
            return render_template("accounts/login.html", form=form), 200
        sessions.start_session(user, request.user_agent.string, remember=form.remember.data)
        db.session.commit()
        login_user(user, remember=form.remember.data)
        flash(_("You are logged in."), "success")
        return redirect(safe_next_path(request.args.get("next")) or url_for("core.index"))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    sessions.end_session(current_user, current_user.session_id)
    db.session.commit()
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("core.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
@mail_limits()
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


def render_settings(status: int = 200, **forms):
    defaults = {
        "password_form": ChangePasswordForm(formdata=None),
        "email_form": ChangeEmailForm(formdata=None),
        "delete_form": DeleteAccountForm(formdata=None),
    }
    return render_template(
        "accounts/settings.html",
        sessions=sessions.active_sessions(current_user),
        describe_device=sessions.describe_device,
        end_session_form=EndSessionForm(formdata=None),
        **(defaults | forms),
    ), status


@bp.get("/settings")
@login_required
def settings():
    return render_settings()


def render_settings_with(**forms):
    return render_settings(400, **forms)


def refuse(field, error: services.AccountError, **forms):
    """Show the service's refusal on `field`. A wrong current password counts toward the lockout even though
    nothing else changes, so the count is committed."""
    db.session.commit()
    field.errors.append(str(error))
    return render_settings_with(**forms)


@bp.post("/settings/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_settings_with(password_form=form)
    try:
        services.change_password(current_user, form.current_password.data, form.password.data,
                                 current_user.session_id)
    except services.AccountError as error:
        return refuse(form.current_password, error, password_form=form)
    db.session.commit()
    flash(_("Your password has been changed."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/email")
@login_required
@mail_limits()
def change_email():
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return render_settings_with(email_form=form)
    try:
        services.request_email_change(current_user, form.email.data, form.password.data)
    except services.AccountError as error:
        return refuse(form.email, error, email_form=form)
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
        return refuse(form.password, error, delete_form=form)
    db.session.commit()
    logout_user()
    flash(_("Your account has been deleted."), "success")
    return redirect(url_for("core.index"))


@bp.post("/settings/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    if not EndSessionForm().validate_on_submit():
        abort(400)
    if not sessions.end_session(current_user, session_id):
        abort(404)
    db.session.commit()
    flash(_("That device has been logged out."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/sessions/end-others")
@login_required
def end_other_sessions():
    if not EndSessionForm().validate_on_submit():
        abort(400)
    sessions.end_other_sessions(current_user, keep_session_id=current_user.session_id)
    db.session.commit()
    flash(_("You have been logged out everywhere else."), "success")
    return redirect(url_for("accounts.settings"))
