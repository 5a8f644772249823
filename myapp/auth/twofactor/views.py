"""Two-factor pages: the second sign-in step, set-up, settings, confirmation."""

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from myapp.auth import services as auth_services
from myapp.auth.twofactor import bp, flow, reauth, schemas, services, totp
from myapp.errors import AppError
from myapp.extensions import limiter
from myapp.web import auth_rate_limit, only_posts_count, post_form, safe_next


def _per_account_limit() -> str:
    return current_app.config["TWO_FACTOR_RATE_LIMIT"]


def _codes_page(codes: list[str], next_url: str):
    page = render_template("twofactor/recovery_codes.html", codes=codes, next=next_url)
    return make_response(page)


@bp.route("/auth/second-factor", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=only_posts_count)
@limiter.limit(
    _per_account_limit, key_func=flow.pending_user_id, exempt_when=only_posts_count
)
def second_step():
    """Ask for the app or recovery code after a right password."""
    user, marker = flow.pending()
    if user is None:
        flash("Sign in again: the first step expired.", "info")
        return redirect(url_for("auth.login"))
    errors = {}
    if request.method == "POST":

        def check_code(data):
            totp.verify_code(user, data["code"])
            return data

        post = post_form(schemas.SecondStepIn(), check_code)
        if post.ok:
            return flow.finish_sign_in(
                user,
                marker["remember"],
                marker["next"],
                trust_device=post.result["remember_device"],
            )
        errors = post.errors
    return render_template(
        "twofactor/second_step.html",
        errors=errors,
        has_totp=totp.has_totp(user),
        has_passkeys=bool(services.list_passkeys(user)),
        days=current_app.config["TRUSTED_DEVICE_DAYS"],
    ), 422 if errors else 200


@bp.route("/auth/second-factor/setup", methods=["GET", "POST"])
@limiter.limit(auth_rate_limit, exempt_when=only_posts_count)
def enrol_required():
    """Staff set up an app before their first sign-in completes."""
    user, marker = flow.pending()
    if user is None:
        return redirect(url_for("auth.login"))
    factor = totp.start_enrolment(user)
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.CodeIn(), lambda data: totp.confirm_enrolment(user, data["code"])
        )
        if post.ok:
            next_url = safe_next(marker["next"])
            return flow.finish_sign_in(
                user,
                marker["remember"],
                marker["next"],
                respond=lambda: _codes_page(post.result, next_url),
            )
        errors = post.errors
    return _setup_page(user, factor, errors, required=True)


def _setup_page(user, factor, errors, required=False):
    uri = totp.provisioning_uri(user, factor)
    return render_template(
        "twofactor/setup.html",
        secret=factor.secret,
        qr=totp.qr_data_uri(uri),
        errors=errors,
        required=required,
    ), 422 if errors else 200


@bp.get("/account/two-factor")
@login_required
def settings():
    """Two-factor status: app, recovery codes, passkeys, remembered devices."""
    return render_template(
        "twofactor/settings.html",
        status=services.status(current_user),
        passkeys=services.list_passkeys(current_user),
    )


@bp.route("/account/two-factor/app", methods=["GET", "POST"])
@login_required
@reauth.fresh_auth_required("twofactor.settings")
def setup_app():
    """Show the QR code and secret; a right code turns the app on."""
    try:
        factor = totp.start_enrolment(current_user)
    except AppError as exc:
        flash(exc.detail, "info")
        return redirect(url_for("twofactor.settings"))
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.CodeIn(),
            lambda data: totp.confirm_enrolment(current_user, data["code"]),
        )
        if post.ok:
            flash("Two-factor sign-in is on.", "success")
            response = _codes_page(post.result, url_for("twofactor.settings"))
            response.status_code = 201
            return response
        errors = post.errors
    return _setup_page(current_user, factor, errors)


@bp.post("/account/two-factor/recovery-codes")
@login_required
@reauth.fresh_auth_required("twofactor.settings")
def new_recovery_codes():
    """Replace the recovery codes and show the new ones once."""
    codes = totp.regenerate_recovery_codes(current_user)
    response = _codes_page(codes, url_for("twofactor.settings"))
    response.status_code = 201
    return response


@bp.post("/account/two-factor/app/disable")
@login_required
@reauth.fresh_auth_required("twofactor.settings")
def disable_app():
    """Turn the authenticator app off (not for staff who must keep a factor)."""
    try:
        services.disable_totp(current_user)
    except AppError as exc:
        flash(exc.detail, "error")
    else:
        flash("Two-factor sign-in by app is off.", "success")
    return redirect(url_for("twofactor.settings"))


@bp.post("/account/two-factor/devices/forget")
@login_required
def forget_devices():
    """Every remembered device asks for the second factor again."""
    services.forget_trusted_devices(current_user)
    flash("Remembered devices forgotten.", "success")
    return redirect(url_for("twofactor.settings"))


@bp.route("/auth/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit(auth_rate_limit, exempt_when=only_posts_count)
def confirm():
    """Confirm it is you (second factor, or password without one) before a change."""
    use_code = totp.has_totp(current_user)
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.ConfirmIn(),
            lambda data: services.confirm_identity(current_user, data),
        )
        if post.ok:
            reauth.mark_fresh()
            flash("Confirmed. You can make the change now.", "success")
            return redirect(safe_next(request.args.get("next"), "auth.account"))
        errors = post.errors
    return render_template(
        "twofactor/confirm.html",
        errors=errors,
        use_code=use_code,
        has_passkeys=bool(services.list_passkeys(current_user)),
    ), 422 if errors else 200


@bp.post("/admin/users/<id:user_id>/two-factor/reset")
@login_required
@reauth.fresh_auth_required("auth.users")
def reset_user(user_id):
    """An admin resets someone's second factor (they are e-mailed; audit-logged)."""
    user = auth_services.get_user(user_id)
    services.reset_second_factor(current_user, user)
    flash(f"Two-factor sign-in of {user.email} was reset.", "success")
    return redirect(url_for("auth.users"))
