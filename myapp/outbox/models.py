"""Outbox rows: one side effect each, written in the transaction that causes it."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from myapp.database import TimestampMixin, utcnow
from myapp.extensions import db

# pending: not tried yet; failed: the last try failed and another is scheduled;
# sent: delivered; dead: given up (too many tries, or it can never be built).
PENDING, SENT, FAILED, DEAD = "pending", "sent", "failed", "dead"
STATUSES = (PENDING, FAILED, SENT, DEAD)
DUE_STATUSES = (PENDING, FAILED)
STATUS_LABELS = {
    PENDING: "Waiting",
    FAILED: "Retrying",
    SENT: "Sent",
    DEAD: "Dead",
}


class OutboxMessage(TimestampMixin, db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Unique: a receiver drops a second delivery carrying the same key.
    key: Mapped[str] = mapped_column(String(120), unique=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=10)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(500))
    # A claim is a lease: once lease_until passes, another worker may take it.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    # Jobs report how far they got, for their status page.
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    progress_note: Mapped[str | None] = mapped_column(String(200))

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_finished(self) -> bool:
        return self.status in (SENT, DEAD)

    @property
    def job_state(self) -> str:
        """Waiting, running, retrying, done or failed, as a job's page says it."""
        if self.status == SENT:
            return "Done"
        if self.status == DEAD:
            return "Failed"
        if self.lease_until is not None and self.lease_until > utcnow():
            return "Running"
        return "Retrying" if self.status == FAILED else "Waiting"

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"
