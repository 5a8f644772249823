"""Workers in other processes for the outbox tests: `flask worker`, Redis, an app."""

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from myapp import create_app
from myapp.extensions import db
from myapp.outbox.models import SENT, OutboxMessage
from tests.smtp_sink import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def worker_env(database_url: str, smtp_port: int, extra=None) -> dict:
    """What a worker process on this machine needs (development config)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(
        FLASK_APP="myapp",
        LINCHPIN_ENV="development",
        DATABASE_URL=database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        MAIL_USE_TLS="0",
        MAIL_TIMEOUT="5",
        OUTBOX_RETRY_BASE="0.5",
        OUTBOX_RETRY_CAP="2",
        OUTBOX_LEASE_SECONDS="5",
        WORKER_POLL_SECONDS="0.2",
        SCHEDULE_EXPIRY_SECONDS="0",
        SCHEDULE_LINKCHECK_SECONDS="0",
        SCHEDULE_CLEANUP_SECONDS="0",
        SCHEDULE_DIGEST_SECONDS="0",
        OUTBOUND_ALLOW_PRIVATE="1",
        LINKCHECK_HOST_DELAY="0",
        LINKCHECK_TIMEOUT="2",
        QUEUE_SWEEP_SECONDS="1",
    )
    env.update(extra or {})
    return env


def start_worker(env: dict, name: str, log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "flask", "worker", "--name", name],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_started(log_paths, timeout: float = 60) -> None:
    """Until each worker's log says it is taking rows (startup is slow here)."""

    def ready():
        return all(
            p.exists()
            and (b"polling" in p.read_bytes() or b"taking jobs" in p.read_bytes())
            for p in log_paths
        )

    if not wait_for(ready, timeout, 0.2):
        raise RuntimeError("workers did not start: " + " ".join(map(str, log_paths)))


def stop(process: subprocess.Popen, timeout: float = 20) -> int:
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def writer_app(database_url: str, smtp_port: int, extra=None):
    """The web side in this process: same database, rows left to the workers."""
    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "OUTBOX_DELIVER_ON_COMMIT": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_port,
            "MAIL_USE_TLS": False,
            **(extra or {}),
        }
    )
    with app.app_context():
        db.create_all()
    return app


def fresh(query):
    """Run a query outside any old transaction (another process writes)."""
    db.session.rollback()
    return db.session.scalars(query).all()


def count_sent() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).where(OutboxMessage.status == SENT))


def wait_for(predicate, timeout: float, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


@contextmanager
def private_redis(tmp_path: Path):
    """A redis-server of our own on a free port (nothing shared is touched)."""
    binary = shutil.which("redis-server")
    if binary is None:
        import pytest

        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    if not wait_for(lambda: _pings(client), 10):
        process.kill()
        raise RuntimeError("redis-server did not start")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:  # noqa: BLE001 - not up yet
        return False
