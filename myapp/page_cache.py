"""Whole responses for anonymous readers, kept until the content changes.

A reader with no session, remember-me cookie or token sees what every such
reader sees, so a page marked `@cached_page` is rendered once and then served
from memory. Every commit that changes content moves a generation number on,
and an entry is only served while it was stored under the current generation;
what changes by the clock alone (a scheduled article going live, a listing
reaching its end) is announced by `changes_at` providers, so no entry outlives
it; `PAGE_CACHE_SECONDS` bounds the rest (counts written by the view counter).

Two things stay per request on a cached page: `every_view` calls (the view
counter runs for each reader, hit or miss) and `fresh` values (the comment
form's signed time is minted for each reader).

The generation lives in this process, or in Redis (`PAGE_CACHE_REDIS_URL`)
when several processes serve the site, so a commit in one empties them all.
"""

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial, wraps
from itertools import chain

from flask import Response, current_app, g, has_app_context, make_response, request
from flask import session as flask_session
from sqlalchemy import event
from sqlalchemy.orm import Session

from myapp.database import utcnow

log = logging.getLogger(__name__)

CACHED_TYPES = (
    "text/html",
    "application/json",
    "application/atom+xml",
    "application/xml",
)
# Marks a fresh value's place in a stored body; random per process, so no
# reader can write it into content.
_MARK = f"lp-fresh-{secrets.token_hex(8)}-"


# Functions that say when content next changes without a commit, or None.
_clock_changes: list[Callable[[], datetime | None]] = []


def changes_at(provider: Callable[[], datetime | None]) -> None:
    """Register provider() -> the next time a page changes by the clock alone."""
    if provider not in _clock_changes:
        _clock_changes.append(provider)


@dataclass
class Entry:
    generation: int
    expires: datetime
    status: int
    headers: list
    body: bytes
    replays: list = field(default_factory=list)
    fresh: list = field(default_factory=list)

    def response(self) -> Response:
        return Response(_fill(self.body, self.fresh), self.status, self.headers)


class LocalGeneration:
    """The generation for a single process."""

    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def current(self) -> int | None:
        return self.value

    def bump(self) -> None:
        with self._lock:
            self.value += 1


class RedisGeneration:
    """The generation shared by every process that uses the same Redis.

    If Redis cannot be reached, pages are rendered (never served stale).
    """

    KEY = "linchpin:page-cache:generation"

    def __init__(self, url: str):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5)
        self._reachable = True  # log when this changes, not on every request

    def current(self) -> int | None:
        try:
            value = int(self._redis.get(self.KEY) or 0)
        except Exception:
            if self._reachable:
                log.warning("Page cache: Redis unreachable; rendering pages uncached")
            self._reachable = False
            return None
        if not self._reachable:
            log.info("Page cache: Redis reachable again")
            self._reachable = True
        return value

    def bump(self) -> None:
        try:
            self._redis.incr(self.KEY)
        except Exception:
            log.exception("Page cache: could not move the generation on in Redis")


class PageCache:
    """A bounded LRU of entries, checked against the generation on every read."""

    def __init__(self, seconds: float, max_bytes: int, generation):
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.generation = generation
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._horizon: tuple[int, datetime] | None = None

    def expiry(self, generation: int) -> datetime:
        """When an entry stored now must go: its time is up, or the clock changes
        a page (asked of the providers once per generation and horizon)."""
        now = utcnow()
        horizon = self._horizon
        if horizon is None or horizon[0] != generation or horizon[1] <= now:
            times = [t for t in (provider() for provider in _clock_changes) if t]
            horizon = self._horizon = (generation, min(times, default=datetime.max))
        return min(now + timedelta(seconds=self.seconds), horizon[1])

    def get(self, key: str, generation: int) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.generation != generation or entry.expires <= utcnow():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 8:  # one huge page would evict all
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self._horizon = None

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry.body)


def init_app(app) -> None:
    # Off under the debugger, where templates change while the server runs.
    seconds = 0 if app.debug else app.config["PAGE_CACHE_SECONDS"]
    url = app.config["PAGE_CACHE_REDIS_URL"]
    generation = RedisGeneration(url) if url else LocalGeneration()
    app.extensions["page_cache"] = PageCache(
        seconds, app.config["PAGE_CACHE_MAX_BYTES"], generation
    )
    _listen_for_commits()


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def _anonymous_read() -> bool:
    """GET or HEAD with nothing that could make the page personal."""
    if request.method not in ("GET", "HEAD") or "Authorization" in request.headers:
        return False
    config = current_app.config
    cookies = request.cookies
    return (
        config["SESSION_COOKIE_NAME"] not in cookies
        and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
    )


def cached_page(view):
    """Serve this view's 200 responses to anonymous readers from the cache."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        cache = page_cache()
        if cache.seconds <= 0 or not _anonymous_read():
            return view(*args, **kwargs)
        generation = cache.generation.current()
        if generation is None:
            return view(*args, **kwargs)
        key = request.path + "?" + request.query_string.decode("latin-1")
        entry = cache.get(key, generation)
        if entry is not None:
            for replay in entry.replays:
                replay()
            response = entry.response().make_conditional(request)
            response.headers["X-Cache"] = "HIT"
            return response
        g.page_cache_replays, g.page_cache_fresh = [], []
        response = make_response(view(*args, **kwargs))
        entry = _entry_for(response, generation, cache.expiry(generation))
        if entry is not None:
            cache.put(key, entry)
        if g.page_cache_fresh:
            response.set_data(_fill(response.get_data(), g.page_cache_fresh))
        response.headers["X-Cache"] = "MISS"
        return response

    return wrapper


def _entry_for(response: Response, generation: int, expires: datetime) -> Entry | None:
    """The entry to store, or None for a response that is not everyone's."""
    if (
        response.status_code != 200
        or response.mimetype not in CACHED_TYPES
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or flask_session  # the view stored something for this reader
    ):
        return None
    return Entry(
        generation=generation,
        expires=expires,
        status=response.status_code,
        headers=[(k, v) for k, v in response.headers if k != "Content-Length"],
        body=response.get_data(),
        replays=g.page_cache_replays,
        fresh=g.page_cache_fresh,
    )


def every_view(func, *args) -> None:
    """Call func(*args) now and again each time the cached page is served."""
    replay = partial(func, *args)
    replay()
    replays = g.get("page_cache_replays")
    if replays is not None:
        replays.append(replay)


def fresh(func) -> str:
    """func() for this reader: on a cached page, a mark replaced on every serve."""
    slots = g.get("page_cache_fresh")
    if slots is None:
        return func()
    slots.append(func)
    return f"{_MARK}{len(slots) - 1}"


def _fill(body: bytes, slots: list) -> bytes:
    for number, func in reversed(list(enumerate(slots))):
        body = body.replace(f"{_MARK}{number}".encode(), func().encode())
    return body


# -- Invalidation: a commit that wrote content moves the generation on ---------

_DIRTY = "page_cache_dirty"


def _touches_content(session: Session) -> bool:
    objects = chain(session.new, session.dirty, session.deleted)
    return any(not getattr(obj, "page_cache_neutral", False) for obj in objects)


def _after_flush(session, _context) -> None:
    if _touches_content(session):
        session.info[_DIRTY] = True


def _on_execute(state) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and (
        state.execution_options.get("page_cache") != "keep"
    ):
        state.session.info[_DIRTY] = True


def _after_commit(session) -> None:
    if session.info.pop(_DIRTY, False) and has_app_context():
        cache = current_app.extensions.get("page_cache")
        if cache is not None:
            cache.generation.bump()


def _after_rollback(session) -> None:
    session.info.pop(_DIRTY, None)


def _listen_for_commits() -> None:
    if event.contains(Session, "after_commit", _after_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
