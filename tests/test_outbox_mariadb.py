"""Two workers on MariaDB over 1,000 rows: SKIP LOCKED claims, kill -9, leases."""

import os
import signal
import time
import uuid
from collections import Counter

import pytest
from sqlalchemy import func, select

from myapp import mail
from myapp.database import utcnow
from myapp.extensions import db
from myapp.outbox.models import DUE_STATUSES, SENT, OutboxMessage
from tests.outbox_harness import (
    count_sent,
    start_worker,
    stop,
    wait_for,
    wait_started,
    worker_env,
    writer_app,
)
from tests.smtp_sink import SmtpSink

pytestmark = [pytest.mark.stress, pytest.mark.timeout(300)]
ROWS = 1000
BATCH = 20


@pytest.mark.parametrize("kill", [False, True], ids=["both-run", "one-killed"])
def test_two_workers_deliver_each_row_once(mariadb_database, tmp_path, kill):
    url = mariadb_database(f"claims_{uuid.uuid4().hex[:6]}")
    sink = SmtpSink(delay=0.002).start()
    app = writer_app(url, sink.port)
    env = worker_env(
        url, sink.port, {"OUTBOX_BATCH_SIZE": str(BATCH), "OUTBOX_LEASE_SECONDS": "3"}
    )
    logs = [open(tmp_path / f"w{n}.log", "ab") for n in (1, 2)]  # noqa: SIM115
    with app.app_context():
        for n in range(ROWS):
            mail.send(
                f"r{n}@example.com", f"Row {n}", "password_reset", user=None, url="x"
            )
        db.session.commit()
        started = time.monotonic()
        workers = [start_worker(env, f"w{n}", logs[n - 1]) for n in (1, 2)]
        wait_started([tmp_path / f"w{n}.log" for n in (1, 2)])
        try:
            held = 0
            if kill:
                assert wait_for(lambda: len(sink.messages) >= ROWS // 5, 120)
                held = _kill_while_holding_rows(workers[0], "w1")
            assert wait_for(lambda: count_sent() == ROWS, 180), _logs(tmp_path)
            elapsed = time.monotonic() - started
        finally:
            codes = [stop(w) for w in workers]
            for log in logs:
                log.close()
        rows = db.session.scalars(select(OutboxMessage)).all()
        received = Counter(sink.message_ids())
        keys = {mail.message_id(r.key): r for r in rows}
        duplicates = {mid: n for mid, n in received.items() if n > 1}
        taken_over = [r for r in rows if r.attempts > 1]
        print(  # the figures for docs/outbox.md
            f"\n{'kill -9' if kill else 'two workers'}: {ROWS} rows in {elapsed:.1f}s, "
            f"by worker {dict(Counter(r.claimed_by for r in rows))}, "
            f"taken over {len(taken_over)}, duplicates {len(duplicates)}"
        )
        assert all(r.status == SENT for r in rows)
        assert set(received) == set(keys)  # every row arrived, nothing else did
        if not kill:
            assert not duplicates and not taken_over and codes == [0, 0]
            assert {r.claimed_by for r in rows} == {"w1", "w2"}
        else:
            assert 0 < held <= len(taken_over) <= BATCH  # w1's batch, re-leased
            assert all(r.claimed_by == "w2" for r in taken_over)
            # A duplicate is a row w1 sent but did not record: same Message-ID.
            assert all(
                n == 2 and keys[mid].attempts == 2 for mid, n in duplicates.items()
            )
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    sink.stop()


def _kill_while_holding_rows(worker, name: str) -> int:
    """kill -9 the worker while it holds leased rows it has not recorded as sent,
    and return how many. It is stopped first (SIGSTOP), so the count cannot
    change before the kill; a worker caught between two batches, with nothing
    to take over, is let go on and caught again."""
    for _ in range(500):
        os.kill(worker.pid, signal.SIGSTOP)
        db.session.rollback()  # a fresh snapshot
        held = db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.claimed_by == name,
                OutboxMessage.status.in_(DUE_STATUSES),
                OutboxMessage.lease_until > utcnow(),
            )
        )
        if held:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
            return held
        os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.005)
    raise AssertionError(f"{name} was never caught holding a batch")


def _logs(tmp_path) -> str:
    return "\n".join((tmp_path / f"w{n}.log").read_text() for n in (1, 2))
