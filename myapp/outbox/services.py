"""Write, claim and settle outbox rows (the admin's side is in `admin.py`)."""

import random
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from myapp.database import utcnow
from myapp.extensions import db
from myapp.outbox.models import (
    DEAD,
    DUE_STATUSES,
    FAILED,
    PENDING,
    SENT,
    OutboxMessage,
)

ERROR_LIMIT = 4000


def new_key(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex}"


def enqueue(kind: str, payload: dict, key: str | None = None) -> OutboxMessage:
    """Add a row to the caller's transaction (never commits).

    A key already in the outbox returns that row, so enqueueing twice with one
    key (a replayed event, a re-run schedule slot) delivers once.
    """
    if key is None:
        key = new_key(kind)  # fresh: no need to look for it
    else:
        existing = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == key)
        )
        if existing is not None:
            return existing
    row = OutboxMessage(
        kind=kind,
        key=key,
        payload=payload,
        status=PENDING,
        attempts=0,
        max_attempts=current_app.config["OUTBOX_MAX_ATTEMPTS"],
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    db.session.info["outbox_pending"] = True
    return row


def enqueue_once(kind: str, payload: dict, key: str) -> bool:
    """Insert and commit a row with this key; False if another process has it."""
    db.session.add(
        OutboxMessage(
            kind=kind,
            key=key,
            payload=payload,
            max_attempts=current_app.config["OUTBOX_MAX_ATTEMPTS"],
            next_attempt_at=utcnow(),
        )
    )
    db.session.info["outbox_pending"] = True
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def claimable(now):
    """Due, and not leased to a worker that may still be at it."""
    return and_(
        OutboxMessage.status.in_(DUE_STATUSES),
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
    )


def claim(session, worker: str, limit: int, ids=None) -> list[OutboxMessage]:
    """Lease up to `limit` due rows to this worker and commit the lease.

    MariaDB: SELECT … FOR UPDATE SKIP LOCKED, so concurrent workers take
    disjoint rows without waiting. SQLite has one writer at a time; the
    conditional UPDATE is what makes a second claimant get nothing.
    """
    now = utcnow()
    query = select(OutboxMessage.id).where(claimable(now))
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    query = query.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    query = query.limit(limit)
    if session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update(skip_locked=True)
    found = session.scalars(query).all()
    if not found:
        session.commit()
        return []
    token = uuid.uuid4().hex
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(found), claimable(now))
        .values(
            claim_token=token,
            claimed_by=worker[:80],
            lease_until=now + lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.claim_token == token)
        .order_by(OutboxMessage.id)
        .execution_options(populate_existing=True)
    ).all()


def renew_lease(session, rows: list[OutboxMessage]) -> set[int]:
    """Extend the lease of the batch's rows not done yet; the ids still ours."""
    if not rows:
        return set()
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    token = rows[0].claim_token
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_([r.id for r in rows]),
            OutboxMessage.claim_token == token,
        )
        .values(lease_until=utcnow() + lease)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return set(
        session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.claim_token == token)
        )
    )


def release(session, rows: list[OutboxMessage]) -> None:
    """Hand back claimed rows that were not tried (a stopping worker)."""
    for row in rows:
        _settle(session, row, {"attempts": OutboxMessage.attempts - 1})


def backoff(attempts: int) -> float:
    """Seconds before the next try: exponential, capped, with full jitter."""
    config = current_app.config
    ceiling = min(
        config["OUTBOX_RETRY_CAP"], config["OUTBOX_RETRY_BASE"] * 2 ** (attempts - 1)
    )
    return random.uniform(ceiling / 2, ceiling)


def _settle(session, row: OutboxMessage, values: dict) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.claim_token == row.claim_token)
        .values(claim_token=None, lease_until=None, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def mark_sent(session, row: OutboxMessage, result: str | None) -> None:
    # Sent even if the lease ran out meanwhile: the delivery has happened.
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id)
        .values(
            status=SENT,
            sent_at=utcnow(),
            result=(result or "")[:500] or None,
            claim_token=None,
            lease_until=None,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()


def bring_forward(session, kind: str) -> int:
    """Make every retrying row of this kind due now (its receiver is back)."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.kind == kind,
            OutboxMessage.status == FAILED,
            OutboxMessage.next_attempt_at > utcnow(),
        )
        .values(next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount


def mark_failed(session, row: OutboxMessage, error: str, permanent=False) -> str:
    """Schedule the next try, or give up: returns the new status."""
    error = error[:ERROR_LIMIT]
    if permanent or row.attempts >= row.max_attempts:
        _settle(session, row, {"status": DEAD, "last_error": error})
        return DEAD
    delay = timedelta(seconds=backoff(row.attempts))
    _settle(
        session,
        row,
        {"status": FAILED, "last_error": error, "next_attempt_at": utcnow() + delay},
    )
    return FAILED


def report_progress(row_id: int, done: int, total: int, note="", token=None) -> None:
    """Record a job's progress and extend its lease, committing its work so far.

    Through db.session, not a connection of its own: on SQLite a second
    writer in the same process would wait for the job's open transaction.
    """
    values = {
        "progress_done": done,
        "progress_total": total,
        "progress_note": note[:200],
    }
    if token is not None:
        lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.claim_token == token)
            .values(lease_until=utcnow() + lease)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def clean_up(now=None) -> int:
    """Delete sent rows older than OUTBOX_KEEP_DAYS; dead rows stay for admins."""
    keep = timedelta(days=current_app.config["OUTBOX_KEEP_DAYS"])
    cutoff = (now or utcnow()) - keep
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status == SENT, OutboxMessage.sent_at < cutoff
        )
    )
    db.session.commit()
    return result.rowcount
