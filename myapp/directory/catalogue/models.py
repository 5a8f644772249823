"""Categories (a tree of up to three levels) and plans."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from myapp.database import TimestampMixin
from myapp.extensions import db


class Category(TimestampMixin, db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(80))
    # "shops/bakeries": unique, so siblings cannot share a slug.
    path: Mapped[str] = mapped_column(String(255), unique=True)
    depth: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(String(300), default="")
    # Approved listings filed directly here, kept by the lifecycle's transitions.
    listing_count: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Category {self.path}>"


class Plan(TimestampMixin, db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300), default="")
    price_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    duration_days: Mapped[int | None]  # None: never expires
    featured: Mapped[bool] = mapped_column(default=False)
    priority_review: Mapped[bool] = mapped_column(default=False)
    backlink_required: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    # How many photos a listing on this plan may show (the logo is extra).
    photo_limit: Mapped[int] = mapped_column(default=1)

    @property
    def is_paid(self) -> bool:
        return self.price_cents > 0

    def __repr__(self) -> str:
        return f"<Plan {self.code}>"
