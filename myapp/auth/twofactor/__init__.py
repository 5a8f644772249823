"""Second factors for sign-in: authenticator app, recovery codes, passkeys."""

from flask import Blueprint

bp = Blueprint("twofactor", __name__)

from myapp.auth.twofactor import passkey_views, views  # noqa: E402,F401
