"""Whole responses for anonymous readers, kept until what they show changes.

A reader with no session, remember-me cookie or token sees what every such
reader sees, so a page marked `@cached_page` is rendered once and then served
from memory, before Flask dispatches the request (`middleware.py`). Each
stored page carries the tags of what it shows: the rows it loaded, and the
lists it declared with `shows()`. A commit moves only the tags of the rows it
changed (`rules.py`), so a write renders again only the pages that show it,
and writes no public page shows (sign-ins, pending comments, audit entries,
tokens, unpaid orders) keep every page. What changes by the clock alone (a
scheduled article going live, a listing reaching its end) is announced by
`changes_at` providers, so no entry outlives it; `PAGE_CACHE_SECONDS` bounds
the rest (counts written by the view counter, edits made outside the app).

Two things stay per request on a cached page: `every_view` calls (the view
counter runs for each reader, hit or miss) and `fresh` values (the comment
form's signed time is minted for each reader).

Tag versions live in this process, or in Redis (`PAGE_CACHE_REDIS_URL`) when
several processes serve the site, so a commit in one is seen by all at once.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from functools import partial, wraps

from flask import current_app, g, make_response, request
from flask import session as flask_session
from markupsafe import escape
from werkzeug.http import http_date

from myapp.database import utcnow
from myapp.page_cache import members
from myapp.page_cache import tags as _tags
from myapp.page_cache.store import (
    EVERYTHING,
    Entry,
    LocalVersions,
    PageCache,
    RedisVersions,
)
from myapp.page_cache.tags import shows, touch, until

__all__ = [
    "Entry",
    "LocalVersions",
    "PageCache",
    "RedisVersions",
    "cached_page",
    "changes_at",
    "every_view",
    "fresh",
    "init_app",
    "page_cache",
    "personal",
    "reads_readers",
    "shows",
    "touch",
    "until",
]

CACHED_TYPES = (
    "text/html",
    "application/json",
    "application/atom+xml",
    "application/xml",
)
# The WSGI environ key the hit layer sets on an anonymous cacheable miss; the
# decorator replaces it by the Render, which the hit layer then stores.
COLLECT = "linchpin.page_cache"
# Marks a fresh value's place in a stored body; random per process, so no
# reader can write it into content.
_MARK = f"lp-fresh-{secrets.token_hex(8)}-"


@dataclass
class Render:
    started: int
    tags: set = field(default_factory=lambda: {EVERYTHING})
    replays: list = field(default_factory=list)
    fresh: list = field(default_factory=list)
    body: bytes = b""
    etag: str = ""
    modified: str = ""
    expires: object = None
    personal: bool = False  # a signed-in reader's page (members.py)
    readers_own: bool = False  # showed what depends on who the reader is
    until: object = None  # this page's own clock change (`until()`)


def init_app(app) -> None:
    from myapp.extensions import db
    from myapp.page_cache.middleware import HitLayer

    # Off under the debugger, where templates change while the server runs.
    seconds = 0 if app.debug else app.config["PAGE_CACHE_SECONDS"]
    url = app.config["PAGE_CACHE_REDIS_URL"]
    prefix = app.config.get("PAGE_CACHE_REDIS_PREFIX", "linchpin:page-cache")
    versions = RedisVersions(url, prefix) if url else LocalVersions()
    app.extensions["page_cache"] = PageCache(
        seconds, app.config["PAGE_CACHE_MAX_BYTES"], versions
    )
    _tags.listen(db.Model)
    app.wsgi_app = HitLayer(app, app.wsgi_app)
    generate = app.jinja_env.globals.get("csrf_token")
    if generate is not None:  # a mark on signed-in readers' shared pages
        token = app.jinja_env.globals["csrf_token"] = lambda: personal(
            "csrf_token", generate
        )
        # Flask-WTF also puts its own csrf_token in every render_template
        # context, which wins over the global there: replace it too.
        app.context_processor(lambda: {"csrf_token": token})


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def changes_at(bp, provider) -> None:
    """Register provider() -> the next time a page changes by the clock alone,
    in the cache of every app the blueprint is registered on."""
    bp.record_once(
        lambda state: state.app.extensions["page_cache"].changes_at(provider)
    )


def reads_readers(bp, factory) -> None:
    """Register factory(app) -> readers(environ) -> Reader | None: who is
    signed in, told before Flask dispatches, so the hit layer can serve a
    signed-in reader's shared page itself (members.py)."""
    bp.record_once(
        lambda state: setattr(
            state.app.extensions["page_cache"], "readers", factory(state.app)
        )
    )


def cached_page(view=None, *, signed_in=False):
    """Store this view's 200 responses to anonymous readers, with their tags.

    With signed_in=True, also the part signed-in readers of one role share
    (members.py): only for pages that show a reader nothing of their own but
    through `personal()`.
    """
    if view is None:
        return partial(cached_page, signed_in=signed_in)

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.environ.get(COLLECT) is True:
            return _anonymous(view, args, kwargs)
        if signed_in and members.cacheable():
            return members.serve(view, args, kwargs)
        return view(*args, **kwargs)

    return wrapper


def _anonymous(view, args, kwargs):
    """Render for the hit layer to store: the page and the tags it shows."""
    started = page_cache().versions.now()
    if started is None:  # versions unreachable: render, store nothing
        return view(*args, **kwargs)
    render = g.page_cache_render = Render(started)
    try:
        response = make_response(view(*args, **kwargs))
    finally:
        g.page_cache_render = None
    if _storable(response):
        _finish(response, render)
    if render.fresh:
        response.set_data(_fill(response.get_data(), render.fresh))
    response.headers["X-Cache"] = "MISS"
    return response


def _storable(response) -> bool:
    """A response that is everyone's: no cookie, nothing in the session."""
    return not (
        response.status_code != 200
        or response.mimetype not in CACHED_TYPES
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or flask_session  # the view stored something for this reader
    )


def _finish(response, render: Render) -> None:
    """Hand the render to the hit layer, with the headers for caches in front."""
    config = current_app.config
    render.body = response.get_data()
    if not response.headers.get("ETag"):
        digest = hashlib.blake2b(render.body, digest_size=16).hexdigest()
        response.set_etag(digest, weak=bool(render.fresh))
    render.etag = response.headers["ETag"]
    render.modified = response.headers.setdefault("Last-Modified", http_date(utcnow()))
    response.headers["Cache-Control"] = (
        f"public, max-age=0, s-maxage={config['PAGE_CACHE_SHARED_SECONDS']}, "
        f"stale-while-revalidate={config['PAGE_CACHE_STALE_SECONDS']}"
    )
    response.vary.add("Cookie")
    render.expires = expiry_of(render)
    request.environ[COLLECT] = render


def expiry_of(render: Render):
    """When its entry must go: the cache's rule, or the page's own `until()`."""
    expires = page_cache().expiry(render.started)
    return expires if render.until is None else min(expires, render.until)


def every_view(func, *args) -> None:
    """Call func(*args) now, and func(*args, app=…, environ=…) on every hit."""
    func(*args)
    render = _tags.rendering()
    if render is not None:
        render.replays.append(partial(func, *args))


def fresh(func) -> str:
    """func() for this reader: on a cached page, a mark replaced on every serve.

    func runs outside any app context on a hit: bind what it needs first.
    """
    render = _tags.rendering()
    if render is None:
        return func()
    render.fresh.append(func)
    return f"{_MARK}{len(render.fresh) - 1}"


@dataclass(frozen=True)
class Personal:
    """A signed-in reader's own value on a shared page: `field` of the reader
    when the hit layer serves it (members.py), func() when Flask does."""

    field: str  # an attribute of myapp.auth.early_reader.Reader
    func: object

    def __call__(self, reader=None) -> str:
        value = self.func() if reader is None else getattr(reader, self.field)
        return str(escape(value))


def personal(field: str, func) -> str:
    """func() for this reader: on a signed-in reader's shared page, a mark that
    is filled per request with the reader's `field`, HTML-escaped."""
    render = _tags.rendering()
    if render is None or not render.personal:
        return func()
    render.fresh.append(Personal(field, func))
    return f"{_MARK}{len(render.fresh) - 1}"


def _fill(body: bytes, slots: list, reader=None) -> bytes:
    """The body with each mark replaced; personal marks from `reader` if given."""
    for number, slot in reversed(list(enumerate(slots))):
        value = slot(reader) if isinstance(slot, Personal) else slot()
        body = body.replace(f"{_MARK}{number}".encode(), value.encode())
    return body
