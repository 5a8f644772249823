"""The outbox: rows in the change's transaction, retries, dead rows, claims."""

import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp import mail, outbox
from myapp.database import utcnow
from myapp.extensions import db
from myapp.outbox import delivery, services
from myapp.outbox.models import DEAD, FAILED, PENDING, SENT, OutboxMessage


def rows():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_rolled_back_change_sends_nothing(outbox):
    mail.send("a@example.com", "Hello", "password_reset", user=None, url="x")
    db.session.rollback()
    assert rows() == [] and outbox() == []


def test_committed_row_is_delivered_after_the_commit(outbox):
    row = mail.send("a@example.com", "Hello", "password_reset", user=None, url="x")
    assert outbox() == []  # nothing leaves before the commit
    db.session.commit()
    [message] = outbox()
    assert message["Message-ID"] == mail.message_id(row.key)
    assert rows()[0].status == SENT and rows()[0].sent_at is not None


def test_a_line_break_in_a_subject_is_a_dead_row_with_the_reason(outbox):
    mail.send("a@example.com", "Two\nlines", "password_reset", user=None, url="x")
    db.session.commit()
    [row] = rows()
    assert outbox() == []
    assert row.status == DEAD and row.attempts == 1
    assert "cannot be built" in row.last_error and "linefeed" in row.last_error


def test_same_key_is_one_row(outbox_held):
    first = outbox.enqueue("email", {"to": "a@example.com"}, key="order-7-paid")
    again = outbox.enqueue("email", {"to": "a@example.com"}, key="order-7-paid")
    db.session.commit()
    assert first is again and len(rows()) == 1


def test_smtp_down_retries_with_backoff_then_delivers(app, smtp, monkeypatch):
    smtp.stop()
    row = mail.send("a@example.com", "Hi", "password_reset", user=None, url="x")
    db.session.commit()
    [row] = rows()
    assert row.status == FAILED and row.attempts == 1
    wait = (row.next_attempt_at - utcnow()).total_seconds()
    base = app.config["OUTBOX_RETRY_BASE"]
    assert base / 2 - 1 <= wait <= base
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    assert delivery.deliver_batch("test") == 0  # not due yet
    smtp.start()
    row.next_attempt_at = utcnow()
    db.session.commit()  # a commit with no new row delivers nothing by itself
    assert delivery.deliver_batch("test") == 1
    assert rows()[0].status == SENT and smtp.message_ids() == [mail.message_id(row.key)]


def test_backoff_grows_and_stops_at_the_cap(app):
    app.config["OUTBOX_RETRY_CAP"], cap = 600, app.config["OUTBOX_RETRY_CAP"]
    try:
        waits = [services.backoff(n) for n in range(1, 12)]
    finally:
        app.config["OUTBOX_RETRY_CAP"] = cap
    assert 15 <= waits[0] <= 30 and 60 <= waits[3] <= 240
    assert all(300 <= w <= 600 for w in waits[6:])


def test_too_many_failures_make_the_row_dead(outbox_held, smtp):
    smtp.stop()
    mail.send("a@example.com", "Hi", "password_reset", user=None, url="x")
    db.session.commit()
    for _ in range(3):
        row = rows()[0]
        row.max_attempts, row.next_attempt_at = 3, utcnow()
        db.session.commit()
        delivery.deliver_batch("test")
    assert rows()[0].status == DEAD and rows()[0].attempts == 3


def test_two_claims_take_disjoint_rows(outbox_held):
    for n in range(6):
        outbox.enqueue("email", {"n": n})
    db.session.commit()
    one, two = delivery.bookkeeping_session(), delivery.bookkeeping_session()
    first = services.claim(one, "w1", 4)
    second = services.claim(two, "w2", 4)
    assert len(first) == 4 and len(second) == 2
    assert not {r.id for r in first} & {r.id for r in second}
    assert services.claim(one, "w3", 4) == []
    one.close(), two.close()


def test_a_lapsed_lease_is_claimed_again(outbox_held):
    outbox.enqueue("email", {"n": 1})
    db.session.commit()
    session = delivery.bookkeeping_session()
    [row] = services.claim(session, "dead-worker", 5)
    assert services.claim(session, "w2", 5) == []
    row = session.get(OutboxMessage, row.id)
    row.lease_until = utcnow() - timedelta(seconds=1)
    session.commit()
    [again] = services.claim(session, "w2", 5)
    assert again.id == row.id and again.attempts == 2 and again.claimed_by == "w2"
    session.close()


def test_handler_gets_the_key_and_its_result_is_kept(outbox_held):
    seen = []

    def deliver(payload, info):
        seen.append((payload, info.key, info.attempt))
        return "ok 200"

    outbox.register_handler("test.echo", deliver)
    outbox.enqueue("test.echo", {"x": 1}, key="echo-1")
    db.session.commit()
    assert delivery.deliver_batch("test") == 1
    assert seen == [({"x": 1}, "echo-1", 1)]
    assert rows()[0].result == "ok 200"


def test_unknown_kind_fails_visibly(outbox_held):
    outbox.enqueue("nobody.handles", {})
    db.session.commit()
    delivery.deliver_batch("test")
    row = rows()[0]
    assert row.status == FAILED and "No handler" in row.last_error


@pytest.mark.parametrize("status", [PENDING])
def test_new_rows_start_pending(outbox_held, status):
    outbox.enqueue("email", {})
    db.session.commit()
    assert rows()[0].status == status


def test_in_process_worker_is_woken_by_the_commit(scratch_database, tmp_path):
    from myapp import create_app

    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": scratch_database("inprocess"),
            "OUTBOX_DELIVER_ON_COMMIT": False,
            "WORKER_IN_PROCESS": True,
            "WORKER_POLL_SECONDS": 30,  # only the wake-up can be this quick
            "SCHEDULE_CLEANUP_SECONDS": 0,
            "SCHEDULE_EXPIRY_SECONDS": 0,
            "SCHEDULE_LINKCHECK_SECONDS": 0,
            "MAIL_OUTBOX": str(tmp_path / "mail"),
        }
    )
    worker = app.extensions["outbox"]["worker"]
    with app.app_context():
        db.create_all()
        try:
            mail.send("a@example.com", "Hello", "password_reset", user=None, url="x")
            db.session.commit()
            deadline = time.monotonic() + 10
            while worker.delivered == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert worker.delivered == 1 and len(os.listdir(tmp_path / "mail")) == 1
        finally:
            worker.request_stop()
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_a_retry_that_gets_through_brings_the_others_forward(outbox_held, smtp):
    smtp.stop()
    for n in range(3):
        mail.send(f"r{n}@example.com", f"R{n}", "password_reset", user=None, url="x")
    db.session.commit()
    delivery.deliver_batch("test")
    first, *others = rows()
    assert all(r.status == FAILED and r.next_attempt_at > utcnow() for r in rows())
    smtp.start()
    first.next_attempt_at = utcnow()
    db.session.commit()
    assert delivery.deliver_batch("test", limit=1) == 1  # the first retry: ok
    assert delivery.deliver_batch("test") == 2  # the others are due at once
    assert len(smtp.message_ids()) == 3


def test_a_slow_batch_keeps_its_leases(app, outbox_held, monkeypatch):
    # Four rows of 1.3 s outlast the 4 s lease; MySQL keeps whole seconds, so
    # a lease may hold as little as 3 s, and each row stays under half of it.
    monkeypatch.setitem(app.config, "OUTBOX_LEASE_SECONDS", 4)
    stolen, other = [], delivery.bookkeeping_session()

    def slow(payload):
        time.sleep(1.3)
        stolen.extend(services.claim(other, "thief", 10))

    outbox.register_handler("test.slow", slow)
    for n in range(4):
        outbox.enqueue("test.slow", {"n": n})
    db.session.commit()
    assert delivery.deliver_batch("test") == 4
    other.close()
    assert stolen == [] and {r.status for r in rows()} == {SENT}


def test_with_the_queue_down_a_commit_waits_once_and_the_row_stays(app, monkeypatch):
    from tests.smtp_sink import free_port

    monkeypatch.setitem(app.config, "OUTBOX_DELIVER_ON_COMMIT", False)
    monkeypatch.setitem(app.config, "QUEUE_URL", f"redis://127.0.0.1:{free_port()}/0")
    state = app.extensions["outbox"]
    state.pop("redis", None)  # connect afresh, to the closed port
    try:
        started = time.monotonic()
        for n in range(5):
            outbox.enqueue("email", {"n": n})
            db.session.commit()
        assert time.monotonic() - started < 3
        assert [r.status for r in rows()] == [PENDING] * 5  # the sweep pushes them
    finally:
        state.pop("redis", None)
        state.pop("push_paused_until", None)
