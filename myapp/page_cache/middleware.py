"""The hit layer: a stored page is served before Flask sees the request.

It recognises an anonymous GET or HEAD (no session or remember-me cookie, no
Authorization header) and its key, and serves a current entry with what must
still happen per request: the view counter, the comment form's fresh values,
If-None-Match / If-Modified-Since (304), a request id, `X-Cache: HIT`. Every
other header is the one the app sent when it rendered the page (security
headers included), so the hit and the render answer alike.
"""

from werkzeug.http import parse_etags
from werkzeug.sansio.utils import host_is_trusted

from myapp.page_cache import COLLECT, Render, _fill
from myapp.page_cache.store import Entry
from myapp.security import request_id

# Headers of the render that belong to that one response.
PER_RESPONSE = {"content-length", "x-request-id", "x-cache", "x-sql-count", "date"}


class HitLayer:
    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        config = app.config
        self.cookies = (
            config["SESSION_COOKIE_NAME"] + "=",
            config.get("REMEMBER_COOKIE_NAME", "remember_token") + "=",
        )
        self.sql_count = config["SQL_COUNT_HEADER"]

    def _personal(self, environ) -> bool:
        if "HTTP_AUTHORIZATION" in environ:
            return True
        cookie = environ.get("HTTP_COOKIE")
        return bool(cookie) and any(name in cookie for name in self.cookies)

    def __call__(self, environ, start_response):
        cache = self.app.extensions["page_cache"]
        if (
            cache.seconds <= 0
            or environ["REQUEST_METHOD"] not in ("GET", "HEAD")
            or self._personal(environ)
            or not self._trusted(environ)
        ):
            return self.wsgi_app(environ, start_response)
        key = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
        entry = cache.get(key)
        if entry is not None:
            return self._serve(entry, environ, start_response)
        environ[COLLECT] = True
        sent = []

        def capture(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        render = environ.get(COLLECT)
        if isinstance(render, Render) and sent and sent[0].startswith("200"):
            headers = [h for h in sent[1] if h[0].lower() not in PER_RESPONSE]
            if not any(name.lower() == "set-cookie" for name, _ in headers):
                cache.put(key, _entry(render, sent[0], headers))
        return body

    def _trusted(self, environ) -> bool:
        trusted = self.app.config.get("TRUSTED_HOSTS")
        if not trusted:
            return True
        return host_is_trusted(environ.get("HTTP_HOST", ""), trusted)

    def _serve(self, entry: Entry, environ, start_response):
        for replay in entry.replays:
            replay(app=self.app, environ=environ)
        headers = [
            *entry.headers,
            ("X-Request-ID", request_id(environ.get("HTTP_X_REQUEST_ID", ""))),
            ("X-Cache", "HIT"),
        ]
        if self.sql_count:
            headers.append(("X-SQL-Count", "0"))
        if _not_modified(entry, environ):
            start_response("304 NOT MODIFIED", headers)
            return []
        body = _fill(entry.body, entry.fresh) if entry.fresh else entry.body
        headers.append(("Content-Length", str(len(body))))
        start_response(entry.status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def _entry(render: Render, status: str, headers: list) -> Entry:
    return Entry(
        started=render.started,
        tags=tuple(sorted(render.tags)),
        expires=render.expires,
        status=status,
        headers=headers,
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
