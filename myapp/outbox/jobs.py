"""Jobs are outbox rows too: started by a page or by the schedule, run by a worker.

A job is a kind registered with a handler that takes (payload, delivery) and
reports progress through delivery.progress(done, total). Periodic jobs are
written once per time slot under the key ``schedule:<name>:<slot>``: every
worker may try, the unique key lets one row in, so a slot runs once however
many workers there are.
"""

from flask import current_app
from sqlalchemy import select

from myapp.database import utcnow
from myapp.extensions import db
from myapp.outbox import services
from myapp.outbox.delivery import register_handler
from myapp.outbox.models import OutboxMessage

# name -> (kind, config key holding the interval in seconds; 0 turns it off)
SCHEDULES: dict[str, tuple[str, str]] = {}


def register_schedule(name: str, kind: str, interval_setting: str) -> None:
    SCHEDULES[name] = (kind, interval_setting)


def start_job(kind: str, payload: dict, actor=None) -> OutboxMessage:
    """Queue a job for a person (the caller commits); its row is its status page."""
    payload = {**payload, "started_by": getattr(actor, "id", None)}
    return services.enqueue(kind, payload)


def schedule_tick(now=None) -> list[str]:
    """Write this slot's row for every periodic job that has none yet."""
    now = now or utcnow()
    started = []
    for name, (kind, setting) in SCHEDULES.items():
        every = int(current_app.config.get(setting) or 0)
        if every <= 0:
            continue
        key = f"schedule:{name}:{int(now.timestamp()) // every}"
        exists = db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.key == key)
        )
        db.session.rollback()  # end the read; the insert below commits alone
        if exists is None and services.enqueue_once(kind, {"schedule": name}, key):
            started.append(name)
    return started


def _clean_up(payload: dict) -> str:
    return f"Deleted {services.clean_up()} sent row(s)."


register_handler("job.outbox_cleanup", _clean_up)
register_schedule("outbox_cleanup", "job.outbox_cleanup", "SCHEDULE_CLEANUP_SECONDS")
