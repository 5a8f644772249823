"""Recent authentication: sensitive changes need a sign-in or confirmation
within REAUTH_SECONDS, so a borrowed or stolen session cannot make them."""

import time
from functools import wraps

from flask import current_app, flash, redirect, session, url_for

KEY = "auth_fresh_at"


def mark_fresh() -> None:
    session[KEY] = int(time.time())


def is_fresh() -> bool:
    at = session.get(KEY)
    max_age = current_app.config["REAUTH_SECONDS"]
    return isinstance(at, int) and time.time() - at < max_age


def fresh_auth_required(return_endpoint: str):
    """Send a stale session to /auth/confirm, then back to `return_endpoint`.

    The change itself is not replayed: after confirming, the user submits it
    again on the page they came from.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not is_fresh():
                flash("Confirm it is you first, then make the change again.", "info")
                back = url_for(return_endpoint)
                return redirect(url_for("twofactor.confirm", next=back))
            return view(*args, **kwargs)

        return wrapper

    return decorate
