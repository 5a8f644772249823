"""Sign-in, registration, password reset, the account page and user admin."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.auth import bp, confirmation, schemas, services, sessions, throttle
from myapp.auth.twofactor import flow as sign_in_flow
from myapp.auth.twofactor.reauth import fresh_auth_required
from myapp.errors import AppError
from myapp.extensions import limiter
from myapp.policy import ROLES, authorize
from myapp.web import (
    absolute_url,
    auth_rate_limit,
    form_page,
    only_posts_count,
    post_form,
    safe_next,
)

SIGN_IN_SCOPE = "sign-in"  # one budget shared with POST /api/v1/tokens


@bp.route("/auth/register", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=only_posts_count)
def register():
    """Create a member account, sign it in and e-mail its confirmation link."""
    errors = {}
    if request.method == "POST":
        post = post_form(schemas.RegisterIn(), confirmation.register)
        if post.ok:
            sessions.sign_in(post.result)
            flash(
                f"Welcome to Linchpin, {post.result.name}. We e-mailed you a link: "
                "open it to confirm your address.",
                "success",
            )
            next_url = safe_next(request.args.get("next"), "auth.account")
            return sign_in_flow.note_device(post.result, redirect(next_url))
        errors = post.errors
    return form_page("auth/register.html", errors)


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.shared_limit(auth_rate_limit, SIGN_IN_SCOPE, exempt_when=only_posts_count)
def login():
    """Sign in with e-mail and password; never tell which of the two was wrong."""
    errors = {}
    if request.method == "POST":
        post = post_form(schemas.LoginIn(), _check_password)
        if post.ok:  # finishes here, or after a second factor (twofactor.flow)
            user, remember = post.result
            next_url = request.args.get("next")
            return sign_in_flow.after_password(user, remember, next_url)
        errors = post.errors
        if isinstance(post.error, throttle.SlowDown):
            page, _ = form_page("auth/login.html", errors)
            return page, 429, {"Retry-After": str(post.error.retry_after)}
    return form_page("auth/login.html", errors)


def _check_password(data):
    known = throttle.is_known_device(data["email"])
    user = services.authenticate(data["email"], data["password"], known_device=known)
    return user, data["remember"]


@bp.post("/auth/logout")
def logout():
    """Sign out (POST only, so a link or image cannot sign anyone out)."""
    sessions.sign_out()
    flash("Signed out.", "info")
    return redirect(url_for("articles.index"))


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=only_posts_count)
def reset_request():
    """Ask for a password-reset link by e-mail."""
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.ResetRequestIn(),
            lambda data: services.send_password_reset(
                data["email"],
                lambda token: absolute_url("auth.reset", token=token),
            ),
        )
        if post.ok:
            flash("If an account uses that e-mail, a reset link is on its way.", "info")
            return redirect(url_for("auth.login"))
        errors = post.errors
    return form_page("auth/reset_request.html", errors)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=only_posts_count)
def reset(token):
    """Choose a new password from an e-mailed link (valid one hour, once)."""
    try:
        services.user_for_reset_token(token)
    except AppError as exc:
        flash(exc.detail, "error")
        return redirect(url_for("auth.reset_request"))
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.ResetIn(),
            lambda data: services.reset_password(token, data["password"]),
        )
        if post.ok:
            flash("Your password has been changed. Sign in with it now.", "success")
            return redirect(url_for("auth.login"))
        errors = post.errors
    return form_page("auth/reset.html", errors)


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
        "name_errors": {},
        "new_token": None,
        "sessions": sessions.list_sessions(current_user),
        "this_session": sessions.current_session(),
        "device": sessions.describe_device,
        "session_errors": {},
    }
    context.update(extra)
    return context


@bp.post("/account/password")
@login_required
@fresh_auth_required("auth.account")
def change_password():
    """Change the password after checking the current one."""
    post = post_form(
        schemas.PasswordChangeIn(),
        lambda data: services.change_password(
            current_user,
            data["current_password"],
            data["new_password"],
            keep=sessions.current_session(),
        ),
    )
    if post.ok:
        flash("Password changed.", "success")
        return redirect(url_for("auth.account"))
    context = _account_context(errors=post.errors)
    return render_template("auth/account.html", **context), 422


@bp.post("/account/sessions/end")
@login_required
def end_sessions():
    """Sign one other browser out, or every browser ("sign out everywhere")."""
    post = post_form(schemas.SessionEndIn(), lambda data: data.get("session_id"))
    if not post.ok:
        context = _account_context(session_errors=post.errors)
        return render_template("auth/account.html", **context), 422
    if post.result is None:
        sessions.sign_out_everywhere(current_user)
        flash("Signed out everywhere, this browser included.", "info")
        return redirect(url_for("auth.login"))
    sessions.end_session(current_user, post.result)
    flash("That browser is signed out.", "success")
    return redirect(url_for("auth.account") + "#sessions")


@bp.post("/account/email")
@login_required
@fresh_auth_required("auth.account")
def change_email():
    """Change the sign-in address: it takes effect once its e-mailed link is opened."""
    post = post_form(
        schemas.EmailChangeIn(),
        lambda data: confirmation.request_email_change(current_user, data["email"]),
    )
    if post.ok:
        flash(
            f"We e-mailed a link to {post.result}: open it to switch to that "
            "address. Until then you sign in with the current one.",
            "success",
        )
        return redirect(url_for("auth.account"))
    context = _account_context(email_errors=post.errors)
    return render_template("auth/account.html", **context), 422


@bp.post("/account/name")
@login_required
def change_name():
    """Change the name shown with one's reviews and comments."""
    post = post_form(
        schemas.NameChangeIn(),
        lambda data: confirmation.change_name(current_user, data["name"]),
    )
    if post.ok:
        flash("Name changed.", "success")
        return redirect(url_for("auth.account"))
    context = _account_context(name_errors=post.errors)
    return render_template("auth/account.html", **context), 422


@bp.post("/account/tokens")
@login_required
@fresh_auth_required("auth.account")
def create_token():
    """Create an API token and show it this once."""
    post = post_form(
        schemas.TokenIn(), lambda data: services.create_token(current_user, data)
    )
    if not post.ok:
        context = _account_context(token_errors=post.errors)
        return render_template("auth/account.html", **context), 422
    _, plain = post.result
    flash("Token created. Copy it now: it will not be shown again.", "success")
    return render_template(
        "auth/account.html", **_account_context(new_token=plain)
    ), 201


@bp.post("/account/tokens/<id:token_id>/revoke")
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


@bp.post("/admin/users/<id:user_id>")
@login_required
@fresh_auth_required("auth.users")
def update_user(user_id):
    """Change a user's role or deactivate the account."""
    authorize(current_user, "users.manage")
    user = services.get_user(user_id)
    post = post_form(
        schemas.RoleIn(),
        lambda data: services.set_role(
            current_user, user, data["role"], data["active"]
        ),
    )
    if post.ok:
        flash(
            f"{user.email} is now {user.role}"
            f"{'' if user.active else ' (deactivated)'}.",
            "success",
        )
        return redirect(url_for("auth.users"))
    messages = " ".join(m for ms in post.errors.values() for m in ms)
    flash(f"Not changed: {messages}", "error")
    return render_template(
        "admin/users.html", users=services.list_users(), roles=ROLES
    ), 422
