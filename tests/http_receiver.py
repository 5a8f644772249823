"""A real HTTP server on 127.0.0.1 or [::1] (free port) that records what it gets."""

import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes
    at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class Receiver:
    """Answers each request with `answer(received) -> (status, headers, body)`.

    The default answer is 200 "ok"; `script` answers in turn, the last
    one repeating (e.g. [500, 500, 200] fails twice, then recovers).
    """

    def __init__(self, host="127.0.0.1", answer=None, script=None):
        self.requests: list[Received] = []
        self.script = list(script or [])
        self.answer = answer or self._scripted
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                got = Received(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                    time.monotonic(),
                )
                receiver.requests.append(got)
                status, headers, body = receiver.answer(got)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The client may stop reading at its byte limit: fine.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _handle

            def log_message(self, *args):
                pass

        cls = _Server6 if ":" in host else _Server
        self.server = cls((host, 0), Handler)
        self.host, self.port = host, self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _scripted(self, got):
        if len(self.script) > 1:
            status = self.script.pop(0)
        else:
            status = (self.script or [200])[0]
        return status, {"Content-Type": "text/plain"}, f"answer {status}".encode()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
