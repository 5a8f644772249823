"""The admin's side of the outbox: find, list and count rows, retry or discard."""

from flask import current_app
from sqlalchemy import func, select

from myapp.audit.services import record
from myapp.database import utcnow
from myapp.errors import NotFoundError, StateError
from myapp.extensions import db
from myapp.outbox.models import DEAD, PENDING, SENT, STATUSES, OutboxMessage
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize


def get_message(message_id: int) -> OutboxMessage:
    row = db.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFoundError("No such outbox message.")
    return row


def list_messages(actor, status=None, kind=None, cursor=None, limit=50) -> Page:
    authorize(actor, "outbox.view")
    query = select(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return keyset_page(query, [OutboxMessage.id], cursor, limit)


def status_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: n for status, n in rows})
    return counts


def count_dead() -> int:
    return db.session.scalar(select(func.count()).where(OutboxMessage.status == DEAD))


def retry_now(actor, message_id: int) -> OutboxMessage:
    """Make a failed or dead row due at once, with fresh tries if it had none left."""
    authorize(actor, "outbox.manage")
    row = get_message(message_id)
    if row.status == SENT:
        raise StateError("This message was sent already.")
    row.status = PENDING if row.status == DEAD else row.status
    row.next_attempt_at = utcnow()
    row.lease_until = row.claim_token = None
    if row.attempts >= row.max_attempts:
        row.max_attempts = row.attempts + current_app.config["OUTBOX_MAX_ATTEMPTS"]
    record(actor, "outbox.retry", row, f"{row.kind} {row.key}")
    db.session.info["outbox_pending"] = True
    db.session.commit()
    return row


def discard(actor, message_id: int) -> None:
    """Drop a row that must not be sent; the audit log keeps what it was."""
    authorize(actor, "outbox.manage")
    row = get_message(message_id)
    if row.status == SENT:
        raise StateError("This message was sent already; nothing to discard.")
    record(actor, "outbox.discard", row, f"{row.kind} {row.key} ({row.status})")
    db.session.delete(row)
    db.session.commit()
