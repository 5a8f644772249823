"""Reviews of listings, the owner's reply to each, and readers' reports."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.articles.models import LongText
from myapp.auth.models import User
from myapp.database import TimestampMixin, utcnow
from myapp.directory.listings.models import Listing
from myapp.extensions import db
from myapp.reviews.vocabulary import PENDING


class Review(TimestampMixin, db.Model):
    """One member's rating and text for one listing (one per account and listing)."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("listing_id", "user_id", name="uq_reviews_listing_user"),
        Index("ix_reviews_listing_status", "listing_id", "status", "id"),
        Index("ix_reviews_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int] = mapped_column(SmallInteger)
    body: Mapped[str] = mapped_column(Text)
    # Plain text escaped, links marked nofollow ugc: rendered once on save.
    body_html: Mapped[str] = mapped_column(LongText)
    visited_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    # Why it waits or was refused: the spam check's, or the moderator's reason.
    reason: Mapped[str] = mapped_column(String(300), default="")
    approved_at: Mapped[datetime | None]

    listing: Mapped[Listing] = relationship()
    user: Mapped[User] = relationship()
    reply: Mapped["ReviewReply | None"] = relationship(
        back_populates="review", uselist=False, cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Review {self.id} of {self.listing_id} ({self.status})>"


class ReviewReply(TimestampMixin, db.Model):
    """The listing owner's answer to a review, shown under it once approved."""

    __tablename__ = "review_replies"
    __table_args__ = (Index("ix_review_replies_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), unique=True
    )
    # The review's listing, kept here so a change knows its page at once.
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(LongText)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    reason: Mapped[str] = mapped_column(String(300), default="")

    review: Mapped[Review] = relationship(back_populates="reply")
    user: Mapped[User] = relationship()


class ReviewReport(db.Model):
    """A reader's report that a review breaks the rules: back to a person it goes."""

    __tablename__ = "review_reports"
    page_cache_neutral = True  # reports are on no public page

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
