"""Signed-in readers' pages: what every reader of one role sees is stored once;
what is theirs alone is filled in per request.

Opted into per view (`@cached_page(signed_in=True)`) where a page differs
between signed-in readers only by their role (the navigation) and by values
the templates ask for through `personal()`: their name and e-mail in the
comment form, the CSRF token. The stored body holds markers for those, never
the values; a render that shows the reader's own name (as text or a whole
attribute value), e-mail or CSRF token anywhere else, or that asked a policy
rule about this very reader (`policy.owns`: their own drafts, an owner's
actions), is not stored. The session and its
user are still loaded (one query), and the response goes through every
after-request hook, so personal pages keep their own headers.
"""

from flask import Response, current_app, g, make_response, request, session
from flask_login import current_user
from markupsafe import escape

from myapp.page_cache.store import Entry


def cacheable() -> bool:
    cache = current_app.extensions["page_cache"]
    return (
        cache.seconds > 0
        and request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and current_user.is_authenticated
        and "_flashes" not in session
    )


def _key() -> str:
    environ = request.environ
    path = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
    return f"@{current_user.role}|{path}"


def serve(view, args, kwargs):
    from myapp.page_cache import Render, _fill

    cache = current_app.extensions["page_cache"]
    key = _key()
    entry = cache.get(key)
    if entry is not None:
        for replay in entry.replays:
            replay()
        response = Response(_fill(entry.body, entry.fresh), 200, entry.headers)
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
    if not render.readers_own and _shared(response, body):
        headers = [("Content-Type", response.headers["Content-Type"])]
        entry = Entry(
            started=started,
            tags=tuple(sorted(render.tags)),
            expires=cache.expiry(started),
            status="200 OK",
            headers=headers,
            body=body,
            replays=render.replays,
            fresh=render.fresh,
        )
        cache.put(key, entry)
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
