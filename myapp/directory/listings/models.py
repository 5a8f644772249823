"""Listings, their state history, pending revisions and expiry notices."""

import json
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import (
    Double,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.database import TimestampMixin, utcnow
from myapp.directory.catalogue.models import Category, Plan
from myapp.directory.vocabulary import (
    APPROVED,
    EDIT_PENDING,
    EXPIRED,
)
from myapp.extensions import db

# Fields an owner may change; changes to a reviewed listing wait as a revision.
EDITABLE_FIELDS = (
    "name",
    "url",
    "description",
    "category_id",
    "contact_email",
    "phone",
    "street",
    "city",
    "postcode",
    "country",
    # details/: stored as canonical JSON text, so a revision's diff shows them
    "hours",
    "time_zone",
    "links",
    "show_email",
    "latitude",
    "longitude",
)


# What the directory's filters compare besides the status and `featured`
# ("open now" asks each listing of its zone's hours by `time_zone`).
FILTERED = ("expires_at", "category_id", "plan_id", "city", "country", "time_zone")


class Listing(TimestampMixin, db.Model):
    __tablename__ = "listings"
    __table_args__ = (
        # The directory's three orders (listings/filtering.py): each its key,
        # then every column a filter reads, so a page's ids are found in the
        # index alone, however few listings pass the filters.
        Index(
            "ix_listings_public", "status", "featured", "published_at", "id", *FILTERED
        ),
        Index("ix_listings_by_name", "status", "name", "id", "featured", *FILTERED),
        Index(
            "ix_listings_newest", "status", "published_at", "id", "featured", *FILTERED
        ),
        Index("ix_listings_queue", "status", "review_tier", "submitted_at"),
        Index("ix_listings_expiry", "status", "expires_at"),
        Index("ix_listings_category_status", "category_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    # host + path without scheme, "www." or trailing slash; cleared on rejection
    # so the site may be submitted again.
    url_key: Mapped[str | None] = mapped_column(String(500), unique=True)
    description: Mapped[str] = mapped_column(String(2000))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    contact_email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(
        String(20)
    )  # LISTING_STATUSES; see shown_status
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    # 1 = featured. An integer, not a boolean, so it can lead the keyset order
    # of public pages (cursors compare it with < and >) and its index.
    featured: Mapped[int] = mapped_column(SmallInteger, default=0)
    review_tier: Mapped[int] = mapped_column(SmallInteger, default=1)  # 0 first
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    link_status: Mapped[str] = mapped_column(String(10), default="unchecked")
    link_failures: Mapped[int] = mapped_column(default=0)
    link_checked_at: Mapped[datetime | None]
    link_error: Mapped[str] = mapped_column(String(300), default="")
    backlink_ok: Mapped[bool | None]
    click_count: Mapped[int] = mapped_column(default=0)
    # Opening hours, links and location (myapp/directory/details/).
    hours: Mapped[str | None] = mapped_column(Text)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    links: Mapped[str | None] = mapped_column(Text)
    show_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    latitude: Mapped[float | None] = mapped_column(Double)
    longitude: Mapped[float | None] = mapped_column(Double)

    category: Mapped[Category] = relationship()
    plan: Mapped[Plan] = relationship()
    owner = relationship("User")

    @hybrid_property
    def is_lapsed(self) -> bool:
        """Approved but past its end: treated as expired before the cron says so."""
        return (
            self.status == APPROVED
            and self.expires_at is not None
            and self.expires_at <= utcnow()
        )

    @is_lapsed.inplace.expression
    @classmethod
    def _is_lapsed_expression(cls):
        return and_(cls.status == APPROVED, cls.expires_at <= utcnow())

    @hybrid_property
    def is_public(self) -> bool:
        """Live: approved and not past its end (no cron needed to hide it)."""
        return self.status == APPROVED and not self.is_lapsed

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(
            cls.status == APPROVED,
            or_(cls.expires_at.is_(None), cls.expires_at > utcnow()),
        )

    @property
    def shown_status(self) -> str:
        """The status a reader sees: `status`, but a lapsed listing is expired
        before the expiry job records it."""
        return EXPIRED if self.is_lapsed else self.status

    @property
    def is_expired(self) -> bool:
        return self.shown_status == EXPIRED

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    @property
    def address(self) -> dict | None:
        parts = {
            "street": self.street,
            "city": self.city,
            "postcode": self.postcode,
            "country": self.country,
        }
        return parts if any(parts.values()) else None

    def __repr__(self) -> str:
        return f"<Listing {self.slug} ({self.status})>"


# Bytes compare on MySQL as on SQLite, so a prefix is one range of the key.
WORD = String(64).with_variant(String(64, collation="utf8mb4_bin"), "mysql", "mariadb")


class ListingWord(db.Model):
    """One word of a listing's name or description, for search (`search.py`)."""

    __tablename__ = "listing_words"
    __table_args__ = (
        Index("ix_listing_words_listing", "listing_id"),
        # SQLite keeps the rows in their key's order, weight beside each word,
        # as InnoDB does: a prefix's range is read with no lookup per row.
        {"sqlite_with_rowid": False},
    )

    word: Mapped[str] = mapped_column(WORD, primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    weight: Mapped[int] = mapped_column(SmallInteger)


class ListingEvent(db.Model):
    """One row per state transition: the listing's history."""

    __tablename__ = "listing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("User")


class ListingRevision(db.Model):
    """An owner's proposed change to a reviewed listing, waiting for an editor."""

    __tablename__ = "listing_revisions"
    __table_args__ = (Index("ix_listing_revisions_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # JSON {field: [before, after]} for the changed fields only.
    changes: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=EDIT_PENDING)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    listing: Mapped[Listing] = relationship()

    @property
    def diff(self) -> dict:
        """{field: [before, after]}, decoded."""
        return json.loads(self.changes)


class ListingNotice(db.Model):
    """A reminder or expiry notice sent for one term (so each goes out once)."""

    __tablename__ = "listing_notices"
    __table_args__ = (UniqueConstraint("listing_id", "kind", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
