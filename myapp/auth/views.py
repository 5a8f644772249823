"""Sign-in, registration, password reset, the account page and user admin."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from marshmallow import ValidationError

from myapp.auth import bp, schemas, services
from myapp.auth.twofactor import flow as sign_in_flow
from myapp.auth.twofactor.reauth import fresh_auth_required
from myapp.errors import AppError
from myapp.extensions import limiter
from myapp.policy import ROLES, authorize
from myapp.web import auth_rate_limit, form_payload, load_form, safe_next


def _post_only_limit() -> bool:
    return request.method != "POST"


@bp.route("/auth/register", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=_post_only_limit)
def register():
    """Create a member account and sign it in."""
    errors = {}
    if request.method == "POST":
        data, errors = load_form(schemas.RegisterIn())
        if data:
            try:
                user = services.create_user(data)
            except AppError as exc:
                errors = exc.errors or {"_schema": [exc.detail]}
            else:
                login_user(user)
                flash(f"Welcome to Linchpin, {user.name}.", "success")
                next_url = safe_next(request.args.get("next"), "auth.account")
                return sign_in_flow.note_device(user, redirect(next_url))
    status = 422 if errors else 200
    return render_template(
        "auth/register.html", errors=errors, form=request.form
    ), status


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=_post_only_limit)
def login():
    """Sign in with e-mail and password; never tell which of the two was wrong."""
    errors = {}
    if request.method == "POST":
        data, errors = load_form(schemas.LoginIn())
        if data:
            try:
                user = services.authenticate(data["email"], data["password"])
            except AppError as exc:
                errors = {"_schema": [exc.detail]}
            else:  # finishes here, or after a second factor (twofactor.flow)
                next_url = request.args.get("next")
                return sign_in_flow.after_password(user, data["remember"], next_url)
    status = 422 if errors else 200
    return render_template("auth/login.html", errors=errors, form=request.form), status


@bp.post("/auth/logout")
def logout():
    """Sign out (POST only, so a link or image cannot sign anyone out)."""
    logout_user()
    flash("Signed out.", "info")
    return redirect(url_for("articles.index"))


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=_post_only_limit)
def reset_request():
    """Ask for a password-reset link by e-mail."""
    errors = {}
    if request.method == "POST":
        data, errors = load_form(schemas.ResetRequestIn())
        if data:
            services.send_password_reset(
                data["email"],
                lambda token: url_for("auth.reset", token=token, _external=True),
            )
            flash("If an account uses that e-mail, a reset link is on its way.", "info")
            return redirect(url_for("auth.login"))
    status = 422 if errors else 200
    return render_template(
        "auth/reset_request.html", errors=errors, form=request.form
    ), status


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=_post_only_limit)
def reset(token):
    """Choose a new password from an e-mailed link (valid one hour, once)."""
    try:
        services.user_for_reset_token(token)
    except AppError as exc:
        flash(exc.detail, "error")
        return redirect(url_for("auth.reset_request"))
    errors = {}
    if request.method == "POST":
        data, errors = load_form(schemas.ResetIn())
        if data:
            services.reset_password(token, data["password"])
            flash("Your password has been changed. Sign in with it now.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", errors=errors), 422 if errors else 200


@bp.get("/account")
@login_required
def account():
    """The member's own page: listings, orders, tokens and password."""
    return render_template("auth/account.html", **_account_context())


def _account_context(**extra):
    context = {
        "tokens": services.list_tokens(current_user),
        "errors": {},
        "token_errors": {},
        "email_errors": {},
        "new_token": None,
    }
    context.update(extra)
    return context


@bp.post("/account/password")
@login_required
@fresh_auth_required("auth.account")
def change_password():
    """Change the password after checking the current one."""
    data, errors = load_form(schemas.PasswordChangeIn())
    if data:
        try:
            services.change_password(
                current_user, data["current_password"], data["new_password"]
            )
        except AppError as exc:
            errors = exc.errors
        else:
            flash("Password changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", **_account_context(errors=errors)), 422


@bp.post("/account/email")
@login_required
@fresh_auth_required("auth.account")
def change_email():
    """Change the sign-in e-mail address (after a recent sign-in)."""
    data, errors = load_form(schemas.EmailChangeIn())
    if data:
        try:
            services.change_email(current_user, data["email"])
        except AppError as exc:
            errors = exc.errors
        else:
            flash("E-mail address changed.", "success")
            return redirect(url_for("auth.account"))
    context = _account_context(email_errors=errors)
    return render_template("auth/account.html", **context), 422


@bp.post("/account/tokens")
@login_required
@fresh_auth_required("auth.account")
def create_token():
    """Create an API token and show it this once."""
    data, errors = load_form(schemas.TokenIn())
    if not data:
        context = _account_context(token_errors=errors)
        return render_template("auth/account.html", **context), 422
    token, plain = services.create_token(current_user, data)
    flash("Token created. Copy it now: it will not be shown again.", "success")
    return render_template(
        "auth/account.html", **_account_context(new_token=plain)
    ), 201


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id):
    """Revoke one of my tokens."""
    services.revoke_token(current_user, token_id)
    flash("Token revoked.", "success")
    return redirect(url_for("auth.account"))


@bp.get("/admin/users")
@login_required
def users():
    """List accounts with their roles (admins only)."""
    authorize(current_user, "users.manage")
    return render_template("admin/users.html", users=services.list_users(), roles=ROLES)


@bp.post("/admin/users/<int:user_id>")
@login_required
@fresh_auth_required("auth.users")
def update_user(user_id):
    """Change a user's role or deactivate the account."""
    authorize(current_user, "users.manage")
    user = services.get_user(user_id)
    payload = form_payload(request.form, schemas.RoleIn())
    payload["active"] = request.form.get("active", "1")
    try:
        data = schemas.RoleIn().load(payload)
        services.set_role(current_user, user, data["role"], data["active"])
    except ValidationError as err:
        flash(f"Not changed: {err.messages}", "error")
        return render_template(
            "admin/users.html", users=services.list_users(), roles=ROLES
        ), 422
    except AppError as exc:
        flash(exc.detail, "error")
        return redirect(url_for("auth.users"))
    flash(
        f"{user.email} is now {user.role}{'' if user.active else ' (deactivated)'}.",
        "success",
    )
    return redirect(url_for("auth.users"))
