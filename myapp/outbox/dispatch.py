"""After a commit that wrote outbox rows: deliver now, wake a worker, or queue."""

import threading

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from myapp.outbox.models import OutboxMessage

_local = threading.local()


def _collect_ids(session, _context) -> None:
    new = [o.id for o in session.new if isinstance(o, OutboxMessage)]
    if new:
        session.info.setdefault("outbox_ids", []).extend(new)
        session.info["outbox_pending"] = True


def _forget(session) -> None:
    session.info.pop("outbox_pending", None)
    session.info.pop("outbox_ids", None)


def _after_commit(session) -> None:
    if not session.info.pop("outbox_pending", False):
        return
    ids = session.info.pop("outbox_ids", [])
    if not has_app_context():
        return
    app = current_app._get_current_object()
    if app.config["OUTBOX_DELIVER_ON_COMMIT"]:
        deliver_inline(app)
    elif app.config["QUEUE_URL"]:
        from myapp.outbox import rq_queue

        rq_queue.push(app, ids)
    else:
        app.extensions["outbox"]["wake"].set()


def deliver_inline(app) -> None:
    """Deliver what is due in a thread of its own, and wait for it.

    The committing session is still finishing, so delivery needs a session
    of its own; a thread with its own app context has one, and the handler may
    use db.session and commit freely. Rows written meanwhile are picked up by
    the same loop rather than by a nested delivery.
    """
    if getattr(_local, "delivering", False):
        return

    def run():
        _local.delivering = True
        with app.app_context():
            from myapp.outbox import delivery

            delivery.deliver_due("inline")

    thread = threading.Thread(target=run, name="outbox-inline")
    thread.start()
    thread.join()


def install() -> None:
    """Listen on every Session once (the listeners check the app's settings)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_flush", _collect_ids)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _forget)
