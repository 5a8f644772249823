"""Signed-in readers' pages: what every reader of one role sees is stored once;
what is theirs alone is filled in per request.

Opted into per view (`@cached_page(signed_in=True)`) where a page differs
between signed-in readers only by their role (the navigation) and by values
the templates ask for through `personal()`: their name and e-mail in the
comment form, the CSRF token. The stored body holds markers for those, never
the values; a render that shows the reader's own name (as text or a whole
attribute value), e-mail or CSRF token anywhere else, or that asked a policy
rule about this very reader (`policy.owns`: their own drafts, an owner's
actions), is not stored.

A hit is served before Flask dispatches (`middleware.py`) when the auth
feature can tell who the reader is from the environ with one query
(`myapp/auth/early_reader.py`), with the headers the app sent for the render
(`Cache-Control: private, no-store`, security headers). When it cannot (a
message to show, a last-seen time to write, a token not signed here yet),
Flask serves the stored page (`serve`) after loading the user as usual.
"""

from flask import Response, current_app, g, make_response, request, session
from flask_login import current_user
from markupsafe import escape

from myapp.page_cache.store import path_key

# The WSGI environ key through which a render shared by the role hands (key,
# Render) to the hit layer, which stores it with the headers the app then sent.
MEMBER = "linchpin.page_cache.member"


def key_of(role: str, environ) -> str:
    """The store's key of a page as readers of this role see it."""
    return f"@{role}|{path_key(environ)}"


def cacheable() -> bool:
    cache = current_app.extensions["page_cache"]
    return (
        cache.seconds > 0
        and request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and current_user.is_authenticated
        and "_flashes" not in session
    )


def serve(view, args, kwargs):
    from myapp.page_cache import Render, _fill, expiry_of

    cache = current_app.extensions["page_cache"]
    key = key_of(current_user.role, request.environ)
    entry = cache.get(key)
    if entry is not None:
        for replay in entry.replays:
            replay()
        content_type = dict(entry.headers).get("Content-Type")
        response = Response(_fill(entry.body, entry.fresh), content_type=content_type)
        response.headers["X-Cache"] = "HIT"
        return response
    started = cache.versions.now()
    if started is None:
        return view(*args, **kwargs)
    render = g.page_cache_render = Render(started, personal=True)
    try:
        response = make_response(view(*args, **kwargs))
    finally:
        g.page_cache_render = None
    body = response.get_data()
    if request.environ.get(MEMBER) is True and (
        not render.readers_own and _shared(response, body)
    ):
        render.body, render.expires = body, expiry_of(render)
        request.environ[MEMBER] = key, render
    if render.fresh:
        response.set_data(_fill(body, render.fresh))
    response.headers["X-Cache"] = "MISS"
    return response


def _shared(response, body: bytes) -> bool:
    """A page of this role's: nothing of this reader's own outside the markers."""
    if (
        response.status_code != 200
        or response.mimetype != "text/html"
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or "_flashes" in session
    ):
        return False
    name = str(escape(current_user.name or ""))
    shown = [str(escape(current_user.email or "")), f">{name}<", f'"{name}"']
    shown += [str(g.get("csrf_token") or ""), str(session.get("csrf_token") or "")]
    return not any(value.encode() in body for value in shown if len(value) > 2)
