"""Outbox throughput: rows delivered per second to a local SMTP sink.

    python -m bench.outbox [--rows 2000] [--workers 1 2] [--database-url URL]

Writes the rows straight into a fresh database (SQLite file by default, or
the given MariaDB database, which is emptied), starts aiosmtpd's Sink handler
in its own process and `flask worker` processes, and times how long the
workers take to mark every row sent. One run per worker count.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sink(port: int) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def fill(app, rows: int) -> None:
    """Fresh tables and `rows` e-mail rows, as mail.send would leave them."""
    from myapp.database import utcnow
    from myapp.extensions import db
    from myapp.outbox.models import OutboxMessage

    with app.app_context():
        db.drop_all()
        db.create_all()
        now = utcnow()
        body = "Hello,\n\nA message from the outbox benchmark.\n" * 4
        values = [
            {
                "kind": "email",
                "key": f"email-bench-{uuid.uuid4().hex}",
                "payload": {
                    "to": f"r{n}@example.com",
                    "subject": f"Bench {n}",
                    "body": body,
                    "headers": {},
                },
                "status": "pending",
                "attempts": 0,
                "max_attempts": 10,
                "next_attempt_at": now,
                "progress_done": 0,
                "progress_total": 0,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(rows)
        ]
        for start in range(0, rows, 500):
            db.session.execute(insert(OutboxMessage), values[start : start + 500])
        db.session.commit()


def sent(app) -> int:
    from myapp.extensions import db
    from myapp.outbox.models import SENT, OutboxMessage

    with app.app_context():
        return db.session.scalar(
            select(func.count()).where(OutboxMessage.status == SENT)
        )


def run_once(url: str, rows: int, workers: int, smtp_port: int, batch: int) -> dict:
    from myapp import create_app

    app = create_app({"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    fill(app, rows)
    env = {
        **os.environ,
        "FLASK_APP": "myapp",
        "LINCHPIN_ENV": "development",
        "DATABASE_URL": url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_USE_TLS": "0",
        "OUTBOX_BATCH_SIZE": str(batch),
        "WORKER_POLL_SECONDS": "0.2",
        "SCHEDULE_EXPIRY_SECONDS": "0",
        "SCHEDULE_LINKCHECK_SECONDS": "0",
        "SCHEDULE_CLEANUP_SECONDS": "0",
    }
    procs = [
        subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "flask", "worker", "--name", f"bench{n}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(workers)
    ]
    # Time from the first delivered row, so process start-up is not counted.
    while sent(app) == 0:
        time.sleep(0.02)
    started, first = time.monotonic(), sent(app)
    while (done := sent(app)) < rows:
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(30)
    with app.app_context():
        from myapp.extensions import db

        db.engine.dispose()
    return {
        "workers": workers,
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": round((done - first) / elapsed, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--database-url", default=None, help="default: SQLite file")
    args = parser.parse_args(argv)
    port = free_port()
    sink = start_sink(port)
    results = []
    try:
        wait_port(port)
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/outbox-bench.db"
            for count in args.workers:
                result = run_once(url, args.rows, count, port, args.batch)
                result["database"] = url.split(":", 1)[0]
                results.append(result)
                rate = result["rows_per_second"]
                print(
                    f"{result['database']:>16}  {count} worker(s)  {args.rows} rows  "
                    f"{result['seconds']:>6.2f}s  {rate:>7.1f} rows/s",
                    flush=True,
                )
    finally:
        sink.terminate()
        sink.wait(10)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
