"""Bearer-token authentication for the API; the session cookie is never read."""

from functools import wraps

from flask import g, request

from myapp.auth import services as auth_services
from myapp.errors import PermissionDenied, Unauthorized
from myapp.policy import authorize

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def resolve_token() -> None:
    """Set g.api_user and g.api_token from the Authorization header, if any."""
    if "api_user" in g:
        return
    plain = _bearer()
    g.api_user, g.api_token = (None, None)
    if plain:
        g.api_user, g.api_token = auth_services.user_for_token(plain)


def api_user():
    """The token's user, or None for an anonymous call."""
    resolve_token()
    return g.api_user


def refuse_read_only_writes() -> None:
    """Any write that carries a read-only token is refused, whatever the endpoint.

    A blueprint-wide rule, so an endpoint that also takes anonymous writes
    (comments) or no token at all (the webhook) cannot forget the check.
    """
    if request.method in SAFE_METHODS or _bearer() is None:
        return
    try:
        resolve_token()
    except Unauthorized:
        g.pop("api_user", None)  # the view answers 401 for a bad token
        g.pop("api_token", None)
        return
    if g.api_token is not None and "write" not in g.api_token.scope_list:
        raise PermissionDenied("This token is read-only.")


def token_required(view):
    """Require a valid token; write methods also require the write scope."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        resolve_token()
        if g.api_user is None:
            raise Unauthorized("Send a token: Authorization: Bearer <token>.")
        if request.method not in SAFE_METHODS and "write" not in g.api_token.scope_list:
            raise PermissionDenied("This token is read-only.")
        return view(*args, **kwargs)

    return wrapper


def requires(action: str):
    """Check a policy rule on the token's user before the request is validated.

    Put it under token_required and above @bp.arguments, so that someone who
    may not use an endpoint learns that (403), not how to call it (422).
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            authorize(api_user(), action)
            return view(*args, **kwargs)

        return wrapper

    return decorate


BEARER = [{"bearerAuth": []}]
