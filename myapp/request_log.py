"""One line per request in nginx's "combined" format plus time and request id.

    203.0.113.9 - - [01/Dec/2026:19:40:00 +0000] "GET /articles/x HTTP/1.1" 200 5120
        "https://ref.example/" "Mozilla/5.0" 0.004 3f2a...   (one line)

The first nine fields are the combined format every log tool reads; then the
seconds the request took (nginx's $request_time) and the request id that
the application's own log lines and the X-Request-ID header carry. The client
address is REMOTE_ADDR after TRUSTED_PROXIES resolved it. REQUEST_LOG: `-`
(standard output, the journal under systemd), a file path, or empty for off.
"""

import logging
import os
import sys
import time
from datetime import UTC, datetime

log = logging.getLogger("linchpin.requests")
log.propagate = False


def _quoted(value: str) -> str:
    """nginx's escaping: quotes, backslashes and control bytes as \\xHH."""
    out = []
    for char in value:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02X}")
        else:
            out.append(char)
    return "".join(out)


def format_line(environ, status: str, headers, sent: int, seconds: float) -> str:
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not uri:
        query = environ.get("QUERY_STRING")
        uri = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
    request_line = (
        f"{environ.get('REQUEST_METHOD', '-')} {uri} "
        f"{environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"
    )
    request_id = next(
        (v for k, v in headers if k.lower() == "x-request-id"), "-"
    )  # set by security.py on every response the app makes
    stamp = datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (
        f"{environ.get('REMOTE_ADDR', '-')} - - [{stamp}] "
        f'"{_quoted(request_line)}" {status.split(" ", 1)[0]} {sent} '
        f'"{_quoted(environ.get("HTTP_REFERER", "-"))}" '
        f'"{_quoted(environ.get("HTTP_USER_AGENT", "-"))}" '
        f"{seconds:.3f} {request_id}"
    )


class RequestLog:
    """WSGI middleware: time the request until its body is sent, then log it."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {}

        def recording_start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.app(environ, recording_start_response)
        return _LoggedBody(body, environ, seen, started)


class _LoggedBody:
    """The app's body, counted as it is sent; logged when the server closes it."""

    def __init__(self, body, environ, seen, started):
        self.body, self.environ, self.seen, self.started = body, environ, seen, started
        self.sent = 0

    def __iter__(self):
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self):
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            seconds = time.perf_counter() - self.started
            status = self.seen.get("status", "500")
            headers = self.seen.get("headers", [])
            log.info(format_line(self.environ, status, headers, self.sent, seconds))


def _handler_for(target: str) -> logging.Handler:
    """One handler per target, shared by every app in the process."""
    path = None if target == "-" else os.path.abspath(target)
    for handler in log.handlers:
        if getattr(handler, "baseFilename", None) == path:
            return handler
    if path is None:
        handler = logging.StreamHandler(sys.stdout)
        handler.baseFilename = None
    else:
        handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    return handler


def init_app(app) -> None:
    target = app.config["REQUEST_LOG"]
    if not target:
        return
    _handler_for(target)
    log.setLevel(logging.INFO)
    app.wsgi_app = RequestLog(app.wsgi_app)
