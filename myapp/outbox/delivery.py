"""Hand claimed rows to their kind's handler and record what happened."""

import inspect
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from myapp.extensions import db
from myapp.outbox import services
from myapp.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

# Handlers are code, registered at import like blueprints; the rows are the state.
HANDLERS: dict[str, tuple] = {}
BATCH_END: list = []


class PermanentError(Exception):
    """Raised by a handler when trying again cannot help (e.g. a bad header)."""


@dataclass
class Delivery:
    """What a handler may want besides the payload: the key, the try, progress."""

    id: int
    kind: str
    key: str
    attempt: int
    claim_token: str | None = None

    def progress(self, done: int, total: int, note: str = "") -> None:
        """Show how far the job got; this also keeps the job's lease alive."""
        services.report_progress(self.id, done, total, note, self.claim_token)


def register_handler(kind: str, deliver) -> None:
    """deliver(payload) or deliver(payload, delivery); raise to fail, return a note."""
    wants_delivery = len(inspect.signature(deliver).parameters) >= 2
    HANDLERS[kind] = (deliver, wants_delivery)


def on_batch_end(callback) -> None:
    """Call callback() after each batch (e.g. close a kept-open SMTP connection)."""
    if callback not in BATCH_END:
        BATCH_END.append(callback)


def worker_name(suffix: str = "") -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}{suffix}"


def bookkeeping_session() -> Session:
    """Claims and results commit apart from whatever a handler does in db.session."""
    return Session(db.engine, expire_on_commit=False)


def deliver_one(session: Session, row: OutboxMessage) -> str:
    """Run the handler for one claimed row; returns the row's new status."""
    entry = HANDLERS.get(row.kind)
    try:
        if entry is None:
            raise LookupError(f"No handler for kind {row.kind!r} in this process.")
        handler, wants_delivery = entry
        delivery = Delivery(row.id, row.kind, row.key, row.attempts, row.claim_token)
        args = (dict(row.payload), delivery) if wants_delivery else (dict(row.payload),)
        result = handler(*args)
    except PermanentError as exc:
        db.session.rollback()
        log.warning("Outbox %s (%s) cannot be delivered: %s", row.id, row.kind, exc)
        return services.mark_failed(session, row, str(exc), permanent=True)
    except Exception as exc:  # noqa: BLE001 - every failure is kept on the row
        db.session.rollback()
        log.info(
            "Outbox %s (%s) try %s failed: %s", row.id, row.kind, row.attempts, exc
        )
        return services.mark_failed(session, row, f"{type(exc).__name__}: {exc}")
    services.mark_sent(session, row, result if isinstance(result, str) else None)
    if row.attempts > 1:
        # A retry got through: the receiver is back, so the rows waiting out
        # their backoff need not wait any longer.
        services.bring_forward(session, row.kind)
    return "sent"


def deliver_batch(worker: str, limit=None, ids=None, stop=None) -> int:
    """Claim up to `limit` due rows and deliver them; returns how many were tried.

    When stop is set mid-batch, the rows not started are handed back at once.
    The batch's leases are renewed once half their time has passed, so a slow
    batch keeps its rows; a row whose lease was lost anyway is left alone.
    """
    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    half_lease = current_app.config["OUTBOX_LEASE_SECONDS"] / 2
    session = bookkeeping_session()
    try:
        rows = services.claim(session, worker, limit, ids=ids)
        renew_at, ours = time.monotonic() + half_lease, {r.id for r in rows}
        for done, row in enumerate(rows):
            if stop is not None and stop.is_set():
                services.release(session, rows[done:])
                return done
            if time.monotonic() >= renew_at:
                ours = services.renew_lease(session, rows[done:])
                renew_at = time.monotonic() + half_lease
            if row.id in ours:
                deliver_one(session, row)
        return len(rows)
    finally:
        session.close()
        for callback in BATCH_END:
            callback()


def deliver_due(worker: str, stop: threading.Event | None = None) -> int:
    """Deliver batches until nothing is due (or stop is set)."""
    total = 0
    while not (stop and stop.is_set()):
        done = deliver_batch(worker, stop=stop)
        total += done
        if not done:
            break
    return total
