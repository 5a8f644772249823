"""The hit layer: a stored page is served before Flask sees the request.

An anonymous GET or HEAD (no session or remember-me cookie, no Authorization
header) is served from its key with what must still happen per request: the
view counter, the comment form's fresh values, If-None-Match /
If-Modified-Since (304), a request id, `X-Cache: HIT`. A signed-in reader's
shared page (members.py) is served the same way when the auth feature can
name the reader from the environ (`PageCache.readers`), with the reader's own
values filled in. Every other header is the one the app sent when it rendered
the page (security headers included), so the hit and the render answer alike.
"""

from werkzeug.http import parse_etags
from werkzeug.sansio.utils import host_is_trusted

from myapp.page_cache import COLLECT, Render, _fill
from myapp.page_cache.members import MEMBER, key_of
from myapp.page_cache.store import Entry, path_key
from myapp.security import request_id

# Headers of the render that belong to that one response.
PER_RESPONSE = {"content-length", "x-request-id", "x-cache", "x-sql-count", "date"}


class HitLayer:
    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        config = app.config
        self.session_cookie = config["SESSION_COOKIE_NAME"] + "="
        self.remember_cookie = config.get("REMEMBER_COOKIE_NAME", "remember_token")
        self.sql_count = config["SQL_COUNT_HEADER"]

    def __call__(self, environ, start_response):
        cache = self.app.extensions["page_cache"]
        if (
            cache.seconds <= 0
            or environ["REQUEST_METHOD"] not in ("GET", "HEAD")
            or "HTTP_AUTHORIZATION" in environ
            or not self._trusted(environ)
        ):
            return self.wsgi_app(environ, start_response)
        cookie = environ.get("HTTP_COOKIE", "")
        if self.session_cookie in cookie:
            return self._signed_in(cache, environ, start_response)
        if self.remember_cookie + "=" in cookie:
            return self.wsgi_app(environ, start_response)
        return self._anonymous(cache, environ, start_response)

    def _anonymous(self, cache, environ, start_response):
        key = path_key(environ)
        entry = cache.get(key)
        if entry is not None:
            return self._serve(entry, environ, start_response)
        environ[COLLECT] = True
        body, sent = self._render(environ, start_response)
        render = environ.get(COLLECT)
        if isinstance(render, Render) and _storable(sent):
            cache.put(key, _entry(render, *sent))
        return body

    def _signed_in(self, cache, environ, start_response):
        reader = cache.readers(environ) if cache.readers else None
        if reader is not None:
            entry = cache.get(key_of(reader.role, environ))
            if entry is not None:
                return self._serve(entry, environ, start_response, reader)
        environ[MEMBER] = True  # a render shared by the role hands its entry here
        body, sent = self._render(environ, start_response)
        handed = environ.get(MEMBER)
        if isinstance(handed, tuple) and _storable(sent):
            key, render = handed
            cache.put(key, _entry(render, *sent))
        return body

    def _render(self, environ, start_response):
        """Let Flask answer; return the body and the (status, headers) it sent."""
        sent = []

        def capture(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, capture), sent

    def _trusted(self, environ) -> bool:
        trusted = self.app.config.get("TRUSTED_HOSTS")
        if not trusted:
            return True
        return host_is_trusted(environ.get("HTTP_HOST", ""), trusted)

    def _serve(self, entry: Entry, environ, start_response, reader=None):
        for replay in entry.replays:
            replay(app=self.app, environ=environ)
        headers = [
            *entry.headers,
            ("X-Request-ID", request_id(environ.get("HTTP_X_REQUEST_ID", ""))),
            ("X-Cache", "HIT"),
        ]
        if self.sql_count:  # a reader is named by one query: their session's
            headers.append(("X-SQL-Count", "0" if reader is None else "1"))
        if reader is None and _not_modified(entry, environ):
            start_response("304 NOT MODIFIED", headers)
            return []
        body = _fill(entry.body, entry.fresh, reader) if entry.fresh else entry.body
        headers.append(("Content-Length", str(len(body))))
        start_response(entry.status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def _storable(sent: list) -> bool:
    """A 200 that sets no cookie."""
    return (
        bool(sent)
        and sent[0].startswith("200")
        and not any(name.lower() == "set-cookie" for name, _ in sent[1])
    )


def _entry(render: Render, status: str, headers: list) -> Entry:
    return Entry(
        started=render.started,
        tags=tuple(sorted(render.tags)),
        expires=render.expires,
        status=status,
        headers=[h for h in headers if h[0].lower() not in PER_RESPONSE],
        body=render.body,
        etag=render.etag,
        modified=render.modified,
        replays=render.replays,
        fresh=render.fresh,
    )


def _not_modified(entry: Entry, environ) -> bool:
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match:
        etag = entry.etag.removeprefix("W/").strip('"')
        return parse_etags(match).contains_weak(etag)
    return bool(entry.modified) and environ.get("HTTP_IF_MODIFIED_SINCE") == (
        entry.modified
    )
