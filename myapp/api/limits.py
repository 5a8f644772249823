"""API rate limits: one budget per token, or per client address when anonymous."""

import time

from flask import current_app, g
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from myapp.api.auth import resolve_token
from myapp.errors import Unauthorized
from myapp.extensions import limiter


def _valid_token():
    """The request's valid token or None; a bad one is left for the view to refuse."""
    try:
        resolve_token()
    except Unauthorized:
        g.pop("api_user", None)  # resolve again in the view, which answers 401
        g.pop("api_token", None)
        return None
    return g.api_token


def api_rate_key() -> str:
    """The token's id when a valid one is sent; else the client's address."""
    token = _valid_token()
    return f"token:{token.id}" if token is not None else f"addr:{get_remote_address()}"


def api_rate_limit() -> str:
    """API_RATE_LIMIT for tokens, API_ANON_RATE_LIMIT for anonymous calls."""
    name = "API_RATE_LIMIT" if _valid_token() is not None else "API_ANON_RATE_LIMIT"
    return current_app.config[name]


def spend_budget(setting: str, scope: str) -> None:
    """Count one call against a budget of its own, from inside the view.

    For a limit that must come after a check Flask-Limiter cannot see (the
    payment webhook's signature): a forged call is refused before it costs the
    provider anything. 429 with Retry-After when the budget is spent.
    """
    key = get_remote_address()
    for item in parse_many(current_app.config[setting]):
        if not limiter.limiter.hit(item, scope, key):
            reset = limiter.limiter.get_window_stats(item, scope, key).reset_time
            wait = max(1, int(reset - time.time()))
            raise TooManyRequests(f"Limit {item} reached.", retry_after=wait)


def limit_api(blueprint) -> None:
    """Share one budget across every endpoint of the blueprint (scope "api")."""
    limiter.shared_limit(api_rate_limit, scope="api", key_func=api_rate_key)(blueprint)


def tidy_rate_limit_headers(response):
    """RateLimit-Reset in seconds from now, as the IETF draft defines it; Retry-After
    only where it means something (429, 503).

    Flask-Limiter sends the reset as a Unix time and Retry-After on every answer.
    """
    reset = response.headers.get("RateLimit-Reset")
    if reset and reset.isdigit():
        remaining = int(reset) - int(time.time())
        response.headers["RateLimit-Reset"] = str(max(0, remaining))
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def register_header_fix(app) -> None:
    """Run tidy_rate_limit_headers after Flask-Limiter's own after_request.

    after_request functions run last-registered first, and the limiter's was
    registered with the extensions, so ours goes to the front of the list.
    """
    app.after_request_funcs.setdefault(None, []).insert(0, tidy_rate_limit_headers)
