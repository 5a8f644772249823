"""Confirming an e-mail address by its link, and sending the link again."""

from flask import current_app, flash, redirect, url_for
from flask_login import current_user, login_required

from myapp.auth import bp, confirmation, services
from myapp.errors import AppError
from myapp.extensions import limiter


def _resend_limit() -> str:
    return current_app.config["CONFIRM_RESEND_RATE_LIMIT"]


def _account_key() -> str:
    """The resend budget is the account's, from whatever browser it asks."""
    return f"confirm-resend:{current_user.get_id() and current_user.id}"


@bp.get("/auth/confirm-email/<token>")
def confirm_email(token):
    """Open the e-mailed link: the address is confirmed (or the new one set)."""
    try:
        user = confirmation.confirm(token)
    except AppError as exc:
        flash(exc.detail, "error")
        target = "auth.account" if current_user.is_authenticated else "auth.login"
        return redirect(url_for(target))
    flash(f"Thank you: {user.email} is confirmed.", "success")
    target = "auth.account" if current_user.is_authenticated else "auth.login"
    return redirect(url_for(target))


@bp.post("/account/confirm/resend")
@login_required
@limiter.limit(_resend_limit, key_func=_account_key)
def resend_confirmation():
    """E-mail the confirmation link again (a few times an hour at most)."""
    try:
        confirmation.resend(current_user)
    except AppError as exc:
        flash(exc.detail, "info")
    else:
        flash(f"We e-mailed a new link to {current_user.email}.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/admin/users/<id:user_id>/confirm/resend")
@login_required
def admin_resend_confirmation(user_id):
    """Admins send an unconfirmed member the link again."""
    user = services.get_user(user_id)
    try:
        confirmation.resend(current_user, user)
    except AppError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.detail, "info")
    else:
        flash(f"Confirmation link e-mailed to {user.email}.", "success")
    return redirect(url_for("auth.users"))
