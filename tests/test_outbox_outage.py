"""SMTP down while members submit listings and readers register: all arrive, once.

The outage is OUTBOX_OUTAGE_SECONDS long (5 by default; 60 for the figure in
docs/outbox.md, measured with OUTBOX_OUTAGE_RETRY_BASE=30, the default base).
"""

import os
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from myapp import mail
from myapp.extensions import db
from myapp.outbox.models import SENT, OutboxMessage
from tests import factories
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

pytestmark = [pytest.mark.stress, pytest.mark.timeout(900)]
OUTAGE = float(os.environ.get("OUTBOX_OUTAGE_SECONDS", "5"))
RETRY_BASE = float(os.environ.get("OUTBOX_OUTAGE_RETRY_BASE", "0.5"))


def test_smtp_outage_loses_nothing_and_sends_nothing_twice(scratch_database, tmp_path):
    url = scratch_database("outage")
    sink = SmtpSink()  # not started: the SMTP server is down
    app = writer_app(url, sink.port)
    env = worker_env(
        url,
        sink.port,
        {"OUTBOX_RETRY_BASE": str(RETRY_BASE), "OUTBOX_RETRY_CAP": str(RETRY_BASE * 4)},
    )
    logs = [open(tmp_path / f"w{n}.log", "ab") for n in (1, 2)]  # noqa: SIM115
    with app.app_context():
        category = factories.make_category()
        factories.make_plans()
        members = [factories.make_user() for _ in range(3)]
        workers = [start_worker(env, f"w{n}", logs[n - 1]) for n in (1, 2)]
        wait_started([tmp_path / f"w{n}.log" for n in (1, 2)])
        client = app.test_client()
        try:
            down_until, n = time.monotonic() + OUTAGE, 0
            while time.monotonic() < down_until:
                n += 1
                _submit(app, members[n % 3], category, n)
                _register_and_reset(client, n)
            written = db.session.scalar(select(func.count(OutboxMessage.id)))
            tries = db.session.scalar(select(func.sum(OutboxMessage.attempts)))
            back = time.monotonic()
            sink.start()
            assert wait_for(lambda: count_sent() == written, 300), _log(tmp_path)
            drained = time.monotonic() - back
        finally:
            codes = [stop(w) for w in workers]
            for log in logs:
                log.close()
        keys = db.session.scalars(select(OutboxMessage.key)).all()
        received = Counter(sink.message_ids())
        print(
            f"\nSMTP down {OUTAGE:.0f}s: {n} listings + {n} registrations/resets, "
            f"{written} e-mails written, {tries} failed tries during the outage, "
            f"all delivered {drained:.1f}s after SMTP came back, "
            f"duplicates {sum(c - 1 for c in received.values())}"
        )
        # each listing one e-mail; each registration its confirmation and a reset
        assert written == 3 * n and n >= 3 and tries > 0
        assert sorted(received) == sorted(map(mail.message_id, keys))
        assert set(received.values()) == {1}  # none twice
        assert codes == [0, 0]
        assert all(
            r.status == SENT for r in db.session.scalars(select(OutboxMessage)).all()
        )
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    sink.stop()


def _submit(app, member, category, n):
    """A member's listing through the real service: the "received" e-mail."""
    from myapp.directory.listings import services as listings

    listings.submit_listing(
        member,
        {
            "name": f"Outage listing {n}",
            "url": f"https://outage{n}.example.com/",
            "description": "Written while the mail server was down, sent later.",
            "category_id": category.id,
            "plan": "free",
            "contact_email": member.email,
        },
    )


def _register_and_reset(client, n):
    """A reader registers (the confirmation e-mail) and asks for a reset e-mail."""
    email = f"reader{n}@example.com"
    registered = client.post(
        "/auth/register",
        data={"email": email, "name": f"Reader {n}", "password": "a long password 1"},
    )
    assert registered.status_code == 302, registered.get_data(as_text=True)[:300]
    client.post("/auth/logout")
    assert client.post("/auth/reset", data={"email": email}).status_code == 302


def _log(tmp_path) -> str:
    return "\n".join((tmp_path / f"w{n}.log").read_text() for n in (1, 2))
