"""QUEUE_URL=redis://…: the same deliveries and jobs, run by RQ workers anywhere.

The outbox stays the source of truth. After a commit the web process pushes
the new rows' ids to RQ; a worker claims the row (the same lease as without
RQ), delivers it and settles it. A periodic sweep, run by rq's own cron
scheduler, writes the schedule's job rows and pushes every due row again,
so a push lost with Redis, a retry's time, or a worker killed mid-job all
end in a delivery. A job whose delivery failed raises, so it shows in RQ's
failed-job registry (and on the admin's outbox page).
"""

import logging
import threading
import time
from datetime import UTC

from flask import current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from rq.cron import CronScheduler
from rq.job import Job
from rq.registry import FailedJobRegistry
from sqlalchemy import select

from myapp.database import utcnow
from myapp.extensions import db
from myapp.outbox import delivery, jobs, services
from myapp.outbox.models import DEAD, FAILED, OutboxMessage

log = logging.getLogger(__name__)
FAILURE_TTL = 7 * 24 * 3600
SWEEP_LIMIT = 1000
PUSH_PAUSE = 30


class DeliveryFailed(Exception):
    """The outbox row failed this try; the row itself holds the next one."""


def connection(app) -> Redis:
    state = app.extensions["outbox"]
    if "redis" not in state:
        state["redis"] = Redis.from_url(
            app.config["QUEUE_URL"], socket_timeout=5, socket_connect_timeout=1
        )
    return state["redis"]


def queue(app) -> Queue:
    return Queue(app.config["QUEUE_NAME"], connection=connection(app))


def push(app, ids: list[int]) -> None:
    """Queue a delivery per row; with Redis away, the sweep catches up later.

    After a failure pushes pause for PUSH_PAUSE seconds, so a Redis outage
    costs one timeout, not one per commit.
    """
    state = app.extensions["outbox"]
    if not ids or time.monotonic() < state.get("push_paused_until", 0):
        return
    try:
        q = queue(app)
        for row_id in ids:
            q.enqueue(deliver_row, row_id, failure_ttl=FAILURE_TTL)
    except RedisError:
        state["push_paused_until"] = time.monotonic() + PUSH_PAUSE
        log.warning("Queue unreachable; %s row(s) wait for the sweep", len(ids))


def _app():
    if has_app_context():
        return current_app._get_current_object()
    from myapp import create_app  # a plain `rq worker`: build the app once

    global _plain_app
    _plain_app = globals().get("_plain_app") or create_app()
    return _plain_app


def deliver_row(row_id: int) -> str:
    """RQ job: claim the row and deliver it (a no-op if someone else has it)."""
    app = _app()
    with app.app_context():
        if not delivery.deliver_batch(delivery.worker_name(":rq"), ids=[row_id]):
            return "not due, or claimed by another worker"
        row = db.session.get(OutboxMessage, row_id)
        if row.status == FAILED:
            at = row.next_attempt_at.replace(tzinfo=UTC)
            queue(app).enqueue_at(at, deliver_row, row_id, failure_ttl=FAILURE_TTL)
        if row.status in (FAILED, DEAD):
            raise DeliveryFailed(f"row {row_id} {row.status}: {row.last_error}")
        return row.status


def sweep() -> int:
    """RQ cron job: write due schedule rows, push every due, unleased row."""
    app = _app()
    with app.app_context():
        jobs.schedule_tick()
        now = utcnow()
        ids = db.session.scalars(
            select(OutboxMessage.id)
            .where(services.claimable(now))
            .order_by(OutboxMessage.next_attempt_at)
            .limit(SWEEP_LIMIT)
        ).all()
        db.session.rollback()
        push(app, list(ids))
        return len(ids)


def failed_jobs(app, limit: int = 20) -> list[dict]:
    """The newest entries of RQ's failed-job registry, for the admin page."""
    try:
        registry = FailedJobRegistry(queue=queue(app))
        ids = registry.get_job_ids(0, limit - 1)
        found = Job.fetch_many(ids, connection=connection(app))
    except RedisError as exc:
        return [{"id": "-", "func": "queue unreachable", "args": "", "error": str(exc)}]
    return [
        {
            "id": job.id,
            "func": job.func_name.rsplit(".", 1)[-1],
            "args": ", ".join(map(str, job.args)),
            "error": (job.latest_result().exc_string or "").strip().splitlines()[-1]
            if job.latest_result()
            else "",
        }
        for job in found
        if job is not None
    ]


def _run_cron(app, stop: threading.Event) -> None:
    cron = CronScheduler(connection=connection(app), name=f"{delivery.worker_name()}")
    cron.register(
        sweep,
        app.config["QUEUE_NAME"],
        interval=max(1, int(app.config["QUEUE_SWEEP_SECONDS"])),
        failure_ttl=FAILURE_TTL,
    )
    while not stop.is_set():
        try:
            cron.enqueue_jobs()
        except RedisError:
            log.warning("Queue unreachable; the schedule waits")
        stop.wait(max(0.5, cron.calculate_sleep_interval()))


def run_worker(app, name=None, schedule=True) -> None:
    """`flask worker` with QUEUE_URL: an RQ worker, plus rq's cron for the sweep."""
    stop = threading.Event()
    if schedule:
        threading.Thread(target=_run_cron, args=(app, stop), daemon=True).start()
    log.info("Worker %s taking jobs from queue %s", name, app.config["QUEUE_NAME"])
    worker = SimpleWorker(
        [queue(app)], connection=connection(app), name=name or delivery.worker_name()
    )
    try:
        worker.work(with_scheduler=True)
    finally:
        stop.set()
