"""Sign-in, registration, password reset, the account page and user admin."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from myapp.auth import bp, schemas, services, sessions, throttle
from myapp.errors import AppError
from myapp.extensions import limiter
from myapp.policy import ROLES, authorize
from myapp.web import (
    absolute_url,
    auth_rate_limit,
    form_payload,
    load_form,
    safe_next,
)

SIGN_IN_SCOPE = "sign-in"  # one budget shared with POST /api/v1/tokens


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
                sessions.sign_in(user)
                flash(f"Welcome to Linchpin, {user.name}.", "success")
                return redirect(safe_next(request.args.get("next"), "auth.account"))
    status = 422 if errors else 200
    return render_template(
        "auth/register.html", errors=errors, form=request.form
    ), status


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.shared_limit(auth_rate_limit, SIGN_IN_SCOPE, exempt_when=_post_only_limit)
def login():
    """Sign in with e-mail and password; never tell which of the two was wrong."""
    errors, status, headers = {}, 200, {}
    if request.method == "POST":
        data, errors = load_form(schemas.LoginIn())
        if data:
            try:
                user = services.authenticate(
                    data["email"],
                    data["password"],
                    known_device=throttle.is_known_device(data["email"]),
                )
            except AppError as exc:
                errors = {"_schema": [exc.detail]}
                if isinstance(exc, throttle.SlowDown):
                    status, headers = 429, {"Retry-After": str(exc.retry_after)}
            else:
                sessions.sign_in(user, remember=data["remember"])
                flash("Signed in.", "success")
                return redirect(safe_next(request.args.get("next")))
    if errors and status == 200:
        status = 422
    page = render_template("auth/login.html", errors=errors, form=request.form)
    return page, status, headers


@bp.post("/auth/logout")
def logout():
    """Sign out (POST only, so a link or image cannot sign anyone out)."""
    sessions.sign_out()
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
                lambda token: absolute_url("auth.reset", token=token),
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
        "sessions": sessions.list_sessions(current_user),
        "this_session": sessions.current_session(),
        "device": sessions.describe_device,
        "errors": {},
        "token_errors": {},
        "session_errors": {},
        "new_token": None,
    }
    context.update(extra)
    return context


@bp.post("/account/password")
@login_required
def change_password():
    """Change the password after checking the current one."""
    data, errors = load_form(schemas.PasswordChangeIn())
    if data:
        try:
            services.change_password(
                current_user,
                data["current_password"],
                data["new_password"],
                keep=sessions.current_session(),
            )
        except AppError as exc:
            errors = exc.errors
        else:
            flash("Password changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", **_account_context(errors=errors)), 422


@bp.post("/account/sessions/end")
@login_required
def end_sessions():
    """Sign one other browser out, or every browser ("sign out everywhere")."""
    data, errors = load_form(schemas.SessionEndIn())
    if not data:
        context = _account_context(session_errors=errors)
        return render_template("auth/account.html", **context), 422
    if data.get("session_id") is None:
        sessions.sign_out_everywhere(current_user)
        flash("Signed out everywhere, this browser included.", "info")
        return redirect(url_for("auth.login"))
    sessions.end_session(current_user, data["session_id"])
    flash("That browser is signed out.", "success")
    return redirect(url_for("auth.account") + "#sessions")


@bp.post("/account/tokens")
@login_required
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
