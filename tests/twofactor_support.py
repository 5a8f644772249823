"""Helpers for the two-factor tests: turn the app on, compute codes, sign in."""

import time

import pyotp

from myapp.auth.twofactor import totp
from tests import factories


def code_at(secret: str, steps_ahead: int = 0) -> str:
    """The app's code now, or one step later (a code is accepted only once)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enable_totp(user) -> tuple[str, list[str]]:
    """Set up an authenticator app for `user`; return its secret and recovery codes."""
    factor = totp.start_enrolment(user)
    codes = totp.confirm_enrolment(user, code_at(factor.secret))
    return factor.secret, codes


def password_step(client, user, password=factories.PASSWORD, **form):
    return client.post(
        "/auth/login", data={"email": user.email, "password": password, **form}
    )
