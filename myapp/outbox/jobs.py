"""Jobs are outbox rows too: started by a page or by the schedule, run by a worker.

A job is a kind registered with a handler that takes (payload, delivery) and
reports progress through delivery.progress(done, total). Periodic jobs are
written once per time slot under the key ``schedule:<name>:<slot>``: every
worker may try, the unique key lets one row in, so a slot runs once however
many workers there are.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from myapp.audit.services import record
from myapp.database import utcnow
from myapp.errors import NotFoundError
from myapp.extensions import db
from myapp.outbox import admin, services
from myapp.outbox.delivery import register_handler
from myapp.outbox.models import OutboxMessage
from myapp.policy import authorize, can


@dataclass(frozen=True)
class JobType:
    kind: str
    label: str
    interval_setting: str  # config key: seconds between runs, 0 for never
    permission: str  # who may start one by hand


JOBS: dict[str, JobType] = {}


def register_job(name: str, kind: str, label: str, interval_setting: str, permission):
    JOBS[name] = JobType(kind, label, interval_setting, permission)


def job_types_for(actor) -> dict[str, JobType]:
    return {n: j for n, j in JOBS.items() if can(actor, j.permission)}


def start_job(actor, name: str) -> OutboxMessage:
    """Queue a job by hand; its outbox row is what its status page shows."""
    job = JOBS.get(name)
    if job is None:
        raise NotFoundError("No such job.")
    authorize(actor, job.permission)
    row = services.enqueue(job.kind, {"job": name, "started_by": actor.id})
    record(actor, "job.start", row, name)
    db.session.commit()
    return row


def get_job(actor, job_id: int) -> OutboxMessage:
    row = admin.get_message(job_id)
    if not row.kind.startswith("job."):
        raise NotFoundError("No such job.")
    authorize(actor, "job.view", row, hide=True)
    return row


def schedule_tick(now=None) -> list[str]:
    """Write this slot's row for every periodic job that has none yet."""
    now = now or utcnow()
    started = []
    for name, job in JOBS.items():
        every = int(current_app.config.get(job.interval_setting) or 0)
        if every <= 0:
            continue
        key = f"schedule:{name}:{int(now.timestamp()) // every}"
        exists = db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.key == key)
        )
        db.session.rollback()  # end the read; the insert below commits alone
        if exists is None and services.enqueue_once(job.kind, {"job": name}, key):
            started.append(name)
    return started


def _clean_up(payload: dict) -> str:
    return f"Deleted {services.clean_up()} sent row(s)."


register_handler("job.outbox_cleanup", _clean_up)
register_job(
    "outbox_cleanup",
    "job.outbox_cleanup",
    "Delete old sent outbox rows",
    "SCHEDULE_CLEANUP_SECONDS",
    "outbox.manage",
)


def label_of(row: OutboxMessage) -> str:
    job = JOBS.get((row.payload or {}).get("job", ""))
    return job.label if job else row.kind
