"""Server processes under test: start on a free port, fetch, read peak RSS, stop."""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.load import USER_AGENT

ROOT = Path(__file__).resolve().parent.parent


class ServerError(RuntimeError):
    """The server did not start, or died."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`python -m bench.serve TARGET` as a child process (the pid is the server)."""

    def __init__(self, name, target, env, log_path, threads=8, ready_path="/"):
        self.name, self.target, self.env = name, target, env
        self.log_path, self.threads, self.ready_path = log_path, threads, ready_path
        self.port = free_port()
        self.process = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 60) -> "Server":
        command = [sys.executable, "-m", "bench.serve", self.target]
        command += ["--port", str(self.port), "--threads", str(self.threads)]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} exited at start:\n{self.log_tail()}")
            try:
                self.fetch(self.ready_path)
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise ServerError(f"{self.name} did not answer in {timeout:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def log_tail(self, lines: int = 30) -> str:
        text = Path(self.log_path).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def fetch(self, path, method="GET", body=None, headers=None):
        """One request, redirects not followed: (status, headers, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            all_headers = {"User-Agent": USER_AGENT, **(headers or {})}
            if body is not None:
                body = json.dumps(body).encode()
                all_headers["Content-Type"] = "application/json"
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    # Peak memory: the kernel keeps the high-water mark of the resident set
    # (VmHWM); writing 5 to clear_refs resets it, so each route gets its own.
    def reset_peak_rss(self) -> None:
        # Not Linux, or not allowed: the peak then covers the server's whole life.
        with contextlib.suppress(OSError):
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def cpu_seconds(self) -> float | None:
        """User + system CPU time the server has used so far (Linux /proc)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return None
        # Fields after the ")" that closes the command name; utime, stime are 14, 15.
        after = fields.rsplit(")", 1)[1].split()
        return (int(after[11]) + int(after[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float | None:
        return self._status_kb("VmHWM")

    def rss_mb(self) -> float | None:
        return self._status_kb("VmRSS")

    def _status_kb(self, field: str) -> float | None:
        try:
            text = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in text.splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
        return None


def server_env(extra: dict) -> dict:
    """A clean environment: nothing from the caller's shell or .env leaks in."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(
        {"FLASK_APP": "myapp", "FLASK_SKIP_DOTENV": "1", "PYTHONUNBUFFERED": "1"}
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env
