"""One line per request in nginx's "combined" format plus time and request id.

    203.0.113.9 - - [01/Dec/2026:19:40:00 +0000] "GET /articles/x HTTP/1.1" 200 5120
        "https://ref.example/" "Mozilla/5.0" 0.004 3f2a...   (one line)

The first nine fields are the combined format every log tool reads; then the
seconds the request took (nginx's $request_time) and the request id that
the application's own log lines and the X-Request-ID header carry. The client
address is REMOTE_ADDR after TRUSTED_PROXIES resolved it. REQUEST_LOG: `-`
(standard output, the journal under systemd), a file path, or empty for off.

Request threads only hand their line to a queue; one thread writes the lines,
as many at once as are waiting. Written by the request threads themselves,
through `logging` and under its lock, the lines cost about a third of a cached
page's throughput under load.
"""

import atexit
import os
import queue
import re
import sys
import threading
import time
from datetime import UTC, datetime

ESCAPED = re.compile(r'["\\\x00-\x1f\x7f]')


def _quoted(value: str) -> str:
    """nginx's escaping: quotes, backslashes and control bytes as \\xHH."""
    return ESCAPED.sub(lambda m: f"\\x{ord(m.group()):02X}", value)


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

    def __init__(self, app, write):
        self.app, self.write = app, write

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {}

        def recording_start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.app(environ, recording_start_response)
        return _LoggedBody(body, environ, seen, started, self.write)


class _LoggedBody:
    """The app's body, counted as it is sent; logged when the server closes it."""

    def __init__(self, body, environ, seen, started, write):
        self.body, self.environ, self.seen, self.started = body, environ, seen, started
        self.write, self.sent = write, 0

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
            self.write(format_line(self.environ, status, headers, self.sent, seconds))


class LineWriter:
    """Lines put on a queue by any thread, written by one, in batches."""

    _STOP = object()

    def __init__(self, stream):
        self.stream, self.lines = stream, queue.SimpleQueue()
        self.put = self.lines.put
        self.thread = threading.Thread(target=self._run, name="request-log")
        self.thread.daemon = True
        self.thread.start()
        atexit.register(self.stop)  # what is queued is written before exit

    def _run(self) -> None:
        while True:
            batch = [self.lines.get()]
            while True:
                try:
                    batch.append(self.lines.get_nowait())
                except queue.Empty:
                    break
            lines = [line for line in batch if line is not self._STOP]
            if lines:
                try:
                    self.stream.write("\n".join(lines) + "\n")
                    self.stream.flush()
                except (OSError, ValueError) as exc:  # a full disk, a closed pipe
                    lost = f"request log: {len(lines)} lines lost: {exc}"
                    print(lost, file=sys.stderr)
            if len(lines) < len(batch):
                return

    def stop(self) -> None:
        self.put(self._STOP)
        self.thread.join(5)


_writers: dict[str | None, LineWriter] = {}  # one per target, shared by every app


def _writer_for(target: str) -> LineWriter:
    path = None if target == "-" else os.path.abspath(target)
    if path not in _writers:
        stream = sys.stdout if path is None else open(path, "a", encoding="utf-8")  # noqa: SIM115
        _writers[path] = LineWriter(stream)
    return _writers[path]


def init_app(app) -> None:
    target = app.config["REQUEST_LOG"]
    if target:
        app.wsgi_app = RequestLog(app.wsgi_app, _writer_for(target).put)
