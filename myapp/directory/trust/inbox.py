"""What the trust part puts in the moderation inbox (read only)."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from myapp.directory.models import PENDING, Listing
from myapp.directory.trust import claims, site_watch
from myapp.directory.trust.models import DuplicateHint
from myapp.extensions import db


def lookalikes(limit: int = 50) -> list[DuplicateHint]:
    """Hints on listings waiting for review: editors compare them."""
    return db.session.scalars(
        select(DuplicateHint)
        .join(Listing, Listing.id == DuplicateHint.listing_id)
        .where(Listing.status == PENDING)
        .options(joinedload(DuplicateHint.other), joinedload(DuplicateHint.listing))
        .order_by(DuplicateHint.id)
        .limit(limit)
    ).all()


def trust_queue() -> dict:
    return {
        "suspects": site_watch.suspects(),
        "lost": claims.lost_verifications(),
        "claims": claims.waiting_claims(),
        "lookalikes": lookalikes(),
    }
