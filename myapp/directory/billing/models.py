"""Orders (what a member owes) and payment events (what the provider said)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.database import utcnow
from myapp.directory.catalogue.models import Plan
from myapp.directory.listings.models import Listing
from myapp.directory.vocabulary import UNPAID
from myapp.extensions import db


class Order(db.Model):
    """What a member owes for a submission, renewal or upgrade (integer cents)."""

    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # LP-<year>-<6 digits>, from the id once it is known (so never guessed twice).
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # ORDER_KINDS
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default=UNPAID)  # ORDER_STATUSES
    note: Mapped[str] = mapped_column(String(500), default="")
    paid_via: Mapped[str] = mapped_column(String(10), default="")
    paid_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    listing: Mapped[Listing] = relationship()
    plan: Mapped[Plan] = relationship()
    user = relationship("User")

    @property
    def is_unpaid(self) -> bool:
        """Still waiting for its payment (pages show how to pay, admins mark it)."""
        return self.status == UNPAID


class PaymentEvent(db.Model):
    """Every signed webhook event, stored before it is acted on, with its outcome."""

    __tablename__ = "payment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[str] = mapped_column(String(50))
    order_reference: Mapped[str] = mapped_column(String(40), default="")
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True
    )
    amount_cents: Mapped[int | None]
    currency: Mapped[str] = mapped_column(String(3), default="")
    outcome: Mapped[str] = mapped_column(String(20), default="received")
    detail: Mapped[str] = mapped_column(String(300), default="")
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
