"""Passkey endpoints for the page script (static/js/passkeys.js): JSON in and out.

Each ceremony is two calls: options (a challenge kept in the session) and
the authenticator's signed answer. Cookie-authenticated, so CSRF applies:
the script sends the token in X-CSRFToken.
"""

import base64
import binascii

from flask import flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from myapp.auth.twofactor import bp, flow, reauth, schemas
from myapp.errors import AppError, ConflictError, StateError
from myapp.extensions import limiter
from myapp.web import auth_rate_limit, safe_next

CHALLENGE = "webauthn_challenge"
STEPS = ("passwordless", "second", "confirm")


def _ceremonies():
    """passkeys.py, imported on the first passkey request (see its docstring)."""
    from myapp.auth.twofactor import passkeys

    return passkeys


def _options_response(options_json: str, challenge: bytes):
    session[CHALLENGE] = base64.urlsafe_b64encode(challenge).decode()
    return options_json, 200, {"Content-Type": "application/json"}


def _challenge() -> bytes:
    value = session.pop(CHALLENGE, None)
    try:
        return base64.urlsafe_b64decode(value)
    except (TypeError, binascii.Error):
        raise StateError("Start again: the passkey request expired.") from None


def _load(schema):
    try:
        return schema.load(request.get_json(silent=True) or {}), None
    except ValidationError as err:
        return None, (jsonify(errors=err.messages), 422)


def _fail(exc: AppError):
    return jsonify(detail=exc.detail), exc.status


@bp.post("/account/passkeys/options")
@login_required
def passkey_registration_options():
    """Options to create a passkey (after a recent sign-in or confirmation)."""
    if not reauth.is_fresh():
        confirm = url_for("twofactor.confirm", next=url_for("twofactor.settings"))
        return jsonify(detail="Confirm it is you first.", redirect=confirm), 401
    return _options_response(*_ceremonies().registration_options(current_user))


@bp.post("/account/passkeys")
@login_required
def add_passkey():
    """Keep the passkey the browser just created."""
    data, failed = _load(schemas.PasskeyIn())
    if failed:
        return failed
    try:
        _ceremonies().register_passkey(current_user, data, _challenge())
    except AppError as exc:
        return _fail(exc)
    return jsonify(redirect=url_for("twofactor.settings")), 201


@bp.post("/account/passkeys/<id:passkey_id>/delete")
@login_required
@reauth.fresh_auth_required("twofactor.settings")
def delete_passkey(passkey_id):
    """Remove one of my passkeys (not a staff member's last factor)."""
    try:
        _ceremonies().delete_passkey(current_user, passkey_id)
    except ConflictError as exc:
        flash(exc.detail, "error")
    else:
        flash("Passkey removed.", "success")
    return redirect(url_for("twofactor.settings"))


def _step() -> str:
    step = request.args.get("step", "passwordless")
    return step if step in STEPS else "passwordless"


def _step_user():
    """Whose passkey may answer: nobody yet, the pending sign-in, or me."""
    step = _step()
    if step == "second":
        user, _ = flow.pending()
        if user is None:
            raise StateError("Sign in again: the first step expired.")
        return user
    if step == "confirm":
        if not current_user.is_authenticated:
            raise StateError("Sign in first.")
        return current_user._get_current_object()
    return None


@bp.post("/auth/passkey/options")
@limiter.limit(auth_rate_limit)
def passkey_sign_in_options():
    """Options to sign in (or confirm) with a passkey."""
    try:
        user = _step_user()
    except AppError as exc:
        return _fail(exc)
    return _options_response(*_ceremonies().authentication_options(user))


@bp.post("/auth/passkey")
@limiter.limit(auth_rate_limit)
def passkey_sign_in():
    """Check the passkey's signature and finish the sign-in (or confirmation)."""
    data, failed = _load(schemas.PasskeySignInIn())
    if failed:
        return failed
    try:
        user = _step_user()
        owner = _ceremonies().authenticate_passkey(data, _challenge(), user)
    except AppError as exc:
        return _fail(exc)
    if _step() == "confirm":
        reauth.mark_fresh()
        back = safe_next(request.args.get("next"), "auth.account")
        return jsonify(redirect=back)
    marker = flow.pending()[1] if _step() == "second" else None
    marker = marker or {"remember": False, "next": request.args.get("next")}
    return flow.finish_sign_in(
        owner,
        marker["remember"],
        marker["next"],
        trust_device=data["remember_device"],
        respond=lambda: jsonify(redirect=safe_next(marker["next"])),
    )
