"""The sign-in steps after the password: a second factor when one applies.

The login view checks the password and calls `after_password`. Without a
second factor to ask for, the sign-in finishes at once; otherwise a pending
marker (user id, remember-me, next, time) waits in the session for the
second step, which ends in `finish_sign_in` like every other sign-in.
"""

import time

from flask import current_app, flash, redirect, session, url_for

from myapp.auth import sessions
from myapp.auth.models import User
from myapp.auth.twofactor import devices, reauth, services
from myapp.extensions import db
from myapp.web import safe_next

PENDING = "signin_pending"


def after_password(user: User, remember: bool, next_url: str | None):
    """Finish the sign-in, or send it to the second factor (or its set-up)."""
    if services.has_second_factor(user):
        if devices.is_trusted(user):
            return finish_sign_in(user, remember, next_url)
        return _pend(user, remember, next_url, "twofactor.second_step")
    if services.second_factor_required(user):
        return _pend(user, remember, next_url, "twofactor.enrol_required")
    return finish_sign_in(user, remember, next_url)


def _pend(user: User, remember: bool, next_url: str | None, endpoint: str):
    session[PENDING] = {
        "uid": user.id,
        "remember": bool(remember),
        "next": next_url,
        "at": int(time.time()),
    }
    return redirect(url_for(endpoint))


def pending() -> tuple[User, dict] | tuple[None, None]:
    """The user whose password was right a moment ago, and the marker."""
    marker = session.get(PENDING)
    max_age = current_app.config["SIGNIN_PENDING_SECONDS"]
    if not isinstance(marker, dict) or time.time() - marker.get("at", 0) > max_age:
        session.pop(PENDING, None)
        return None, None
    user = db.session.get(User, marker.get("uid", 0))
    if user is None or not user.active:
        session.pop(PENDING, None)
        return None, None
    return user, marker


def pending_user_id() -> str:
    """Rate-limit key of the second step: per account, not per address."""
    marker = session.get(PENDING)
    return f"2fa:{marker.get('uid')}" if isinstance(marker, dict) else "2fa:none"


def finish_sign_in(user: User, remember: bool, next_url: str | None, **options):
    """Sign the user in and send them on: the one way every sign-in ends.

    `trust_device` remembers this browser for TRUSTED_DEVICE_DAYS; `respond`
    makes the answer instead of the redirect, once signed in (the recovery
    codes page, or JSON for the passkey script).
    """
    session.pop(PENDING, None)
    sessions.sign_in(user, remember=remember)
    reauth.mark_fresh()
    flash("Signed in.", "success")
    respond = options.get("respond")
    response = respond() if respond else redirect(safe_next(next_url))
    return note_device(user, response, options.get("trust_device", False))


def note_device(user: User, response, trust: bool = False):
    """Record this browser for `user` (registration does too, so the first
    sign-in from elsewhere is news) and give it a device cookie if it has none."""
    cookie = devices.record_sign_in(user, trust=trust)
    if cookie:
        devices.set_cookie(response, cookie)
    return response
