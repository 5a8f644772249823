"""Claims, what each listed site looked like, and the keys duplicates are found by."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.database import utcnow
from myapp.directory.listings.models import Listing
from myapp.directory.trust.vocabulary import CLAIM_METHODS, CLAIM_STATUSES
from myapp.extensions import db

__all__ = ["CLAIM_METHODS", "CLAIM_STATUSES"]


class ListingClaim(db.Model):
    """A member's attempt to prove they run a listed site."""

    __tablename__ = "listing_claims"
    __table_args__ = (Index("ix_listing_claims_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    claimant_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    method: Mapped[str] = mapped_column(String(10))
    token: Mapped[str] = mapped_column(String(255))  # signed, carries its age
    status: Mapped[str] = mapped_column(String(12), default="open")
    last_error: Mapped[str] = mapped_column(String(300), default="")
    previous_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]

    listing: Mapped[Listing] = relationship()
    claimant = relationship("User", foreign_keys=[claimant_id])


class SiteWatch(db.Model):
    """A listed site as approved (the baseline) and as last seen, and whether
    its owner proved the domain. Only the verified fields are public."""

    __tablename__ = "site_watches"
    __table_args__ = (Index("ix_site_watches_suspect", "suspect_kind"),)

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    baseline_url: Mapped[str | None] = mapped_column(String(500))
    baseline_title: Mapped[str | None] = mapped_column(String(300))
    baseline_fingerprint: Mapped[str | None] = mapped_column(String(16))
    baseline_at: Mapped[datetime | None]
    last_url: Mapped[str | None] = mapped_column(String(500))
    last_title: Mapped[str | None] = mapped_column(String(300))
    last_fingerprint: Mapped[str | None] = mapped_column(String(16))
    last_checked_at: Mapped[datetime | None]
    # redirect | parked | drift; None while nothing looks wrong
    suspect_kind: Mapped[str | None] = mapped_column(String(12))
    suspect_reason: Mapped[str] = mapped_column(String(300), default="")
    suspect_since: Mapped[datetime | None]
    verified_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("listing_claims.id", ondelete="SET NULL"), index=True
    )
    verified_at: Mapped[datetime | None]
    verification_lost_at: Mapped[datetime | None]

    listing: Mapped[Listing] = relationship()
    verified_claim: Mapped[ListingClaim | None] = relationship()

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and self.verification_lost_at is None


class MatchKey(db.Model):
    """A listing's domain, phone, city and name in the form duplicates compare."""

    __tablename__ = "listing_match_keys"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[str] = mapped_column(String(253), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    city: Mapped[str | None] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(120))


class DuplicateHint(db.Model):
    """A submission that looked like another listing, and the member's note."""

    __tablename__ = "duplicate_hints"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    other_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(10))  # domain | phone | name
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    listing: Mapped[Listing] = relationship(foreign_keys=[listing_id])
    other: Mapped[Listing] = relationship(foreign_keys=[other_id])
