"""`flask worker` in another process, polling the database or taking RQ jobs.

Every test runs twice: "poll" (no queue service) and "rq" (QUEUE_URL set to a
private redis-server, the worker an RQ worker); the outbox is the same.
"""

import signal
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from myapp import mail
from myapp.auth import services as auth_services
from myapp.extensions import db
from myapp.outbox import jobs
from myapp.outbox.models import SENT, OutboxMessage
from tests import factories
from tests.outbox_harness import (
    count_sent,
    fresh,
    private_redis,
    start_worker,
    stop,
    wait_for,
    worker_env,
    writer_app,
)
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.timeout(180)


@dataclass
class Workers:
    app: object
    sink: SmtpSink
    env: dict
    tmp_path: object
    processes: list = field(default_factory=list)
    logs: list = field(default_factory=list)

    def start(self, name="w1", **extra):
        env = {**self.env, **{k: str(v) for k, v in extra.items()}}
        self.logs.append(open(self.tmp_path / f"{name}.log", "ab"))  # noqa: SIM115
        process = start_worker(env, name, self.logs[-1])
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            stop(process)
        for log in self.logs:
            log.close()

    def log(self, name="w1") -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")


@pytest.fixture(params=["poll", "rq"])
def workers(request, tmp_path, scratch_database):
    url = scratch_database(f"outbox_{request.param}")
    sink = SmtpSink().start()
    extra = {}
    with private_redis(tmp_path) if request.param == "rq" else _nothing() as redis:
        if redis:
            extra = {"QUEUE_URL": redis, "QUEUE_NAME": f"q{uuid.uuid4().hex[:8]}"}
        app = writer_app(url, sink.port, extra)
        env = worker_env(url, sink.port, extra)
        setup = Workers(app, sink, env, tmp_path)
        with app.app_context():
            yield setup
            setup.stop_all()
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    sink.stop()


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def all_sent(n):
    return lambda: count_sent() >= n


def test_member_and_reader_emails_reach_smtp_once(workers):
    workers.start()
    member = factories.make_user()
    factories.make_listing(owner=member)  # received + approved notices
    auth_services.send_password_reset(member.email, lambda token: f"/r/{token}")
    assert wait_for(all_sent(3), 60), workers.log()
    keys = db.session.scalars(select(OutboxMessage.key)).all()
    assert sorted(workers.sink.message_ids()) == sorted(map(mail.message_id, keys))


def test_smtp_down_then_back_delivers_each_once(workers):
    workers.sink.stop()
    workers.start()
    for n in range(5):
        mail.send(
            f"r{n}@example.com", f"Hello {n}", "password_reset", user=None, url="x"
        )
    db.session.commit()
    retrying = select(OutboxMessage.id).where(OutboxMessage.attempts >= 2)
    assert wait_for(lambda: fresh(retrying), 60), workers.log()
    workers.sink.start()
    assert wait_for(all_sent(5), 60), workers.log()
    ids = workers.sink.message_ids()
    assert len(ids) == len(set(ids)) == 5


def test_link_check_job_reports_progress_and_its_result(workers):
    site = _site()
    try:
        admin = factories.make_user(role="admin")
        for n in range(3):
            factories.make_listing(url=f"http://127.0.0.1:{site.server_port}/{n}")
        workers.start()
        row = jobs.start_job(admin, "linkcheck")
        done = select(OutboxMessage).where(
            OutboxMessage.id == row.id, OutboxMessage.status == SENT
        )
        assert wait_for(lambda: fresh(done), 60), workers.log()
        job = db.session.get(OutboxMessage, row.id)
        assert (job.progress_done, job.progress_total) == (3, 3)
        assert job.result.startswith("Checked 3: 3 ok")
    finally:
        site.shutdown()
        site.server_close()


def test_a_schedule_slot_runs_once_with_two_workers(workers):
    hourly = {"SCHEDULE_CLEANUP_SECONDS": 3600}
    workers.start("w1", **hourly), workers.start("w2", **hourly)
    cleanup = select(OutboxMessage).where(OutboxMessage.kind == "job.outbox_cleanup")
    done = cleanup.where(OutboxMessage.status == SENT)
    assert wait_for(lambda: fresh(done), 60), workers.log()
    mail.send("late@example.com", "Later", "password_reset", user=None, url="x")
    db.session.commit()
    assert wait_for(all_sent(2), 30)  # both workers have ticked meanwhile
    [row] = fresh(cleanup)
    assert row.key.startswith("schedule:outbox_cleanup:")


def test_sigterm_ends_the_worker_cleanly(workers):
    process = workers.start()
    mail.send("a@example.com", "Before the stop", "password_reset", user=None, url="x")
    db.session.commit()
    assert wait_for(all_sent(1), 60), workers.log()
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0, workers.log()


def _site():
    class Ok(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>ok</body></html>")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_rq_failed_tries_show_in_the_admin_page(workers):
    if not workers.app.config["QUEUE_URL"]:
        pytest.skip("RQ's failed-job registry exists only with QUEUE_URL")
    workers.sink.stop()
    admin = factories.make_user(role="admin")
    row = mail.send("a@example.com", "Refused", "password_reset", user=None, url="x")
    db.session.commit()
    workers.start()
    from myapp.outbox import rq_queue

    assert wait_for(lambda: rq_queue.failed_jobs(workers.app), 60), workers.log()
    client = workers.app.test_client()
    client.post(
        "/auth/login", data={"email": admin.email, "password": factories.PASSWORD}
    )
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Failed queue jobs" in page and f"row {row.id} failed" in page
