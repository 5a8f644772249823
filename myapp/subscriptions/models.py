"""E-mail subscribers (double opt-in) and what each one follows."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.database import TimestampMixin
from myapp.extensions import db

DAILY, WEEKLY = "daily", "weekly"
FREQUENCIES = {DAILY: "Daily", WEEKLY: "Weekly"}
# Subscription.topic: every new article, articles with a tag, listings in a category.
ARTICLES, TAG, CATEGORY = "articles", "tag", "category"


class Subscriber(TimestampMixin, db.Model):
    """One e-mail address; nothing but its confirmation is sent until confirmed."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Random and secret: signed into the manage, confirm and unsubscribe links.
    key: Mapped[str] = mapped_column(String(43), unique=True)
    frequency: Mapped[str] = mapped_column(String(10), default=WEEKLY)
    confirmed_at: Mapped[datetime | None] = mapped_column()
    # The end of the period the last digest covered (or the confirmation time).
    digest_until: Mapped[datetime | None] = mapped_column()
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    subscriptions = relationship(
        "Subscription",
        back_populates="subscriber",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def __repr__(self) -> str:
        return f"<Subscriber {self.id} {self.frequency}>"


class Subscription(db.Model):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("subscriber_id", "topic", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE")
    )
    topic: Mapped[str] = mapped_column(String(10))
    # 0 for "every article"; else the tag's or the category's id.
    target_id: Mapped[int] = mapped_column(default=0)

    subscriber = relationship("Subscriber", back_populates="subscriptions")

    def __repr__(self) -> str:
        return f"<Subscription {self.topic}:{self.target_id}>"
