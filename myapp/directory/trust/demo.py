"""Demo content for the trust part: a verified owner and a suspect site."""

from sqlalchemy import select

from myapp.database import utcnow
from myapp.directory.models import APPROVED, Listing
from myapp.directory.trust import tokens
from myapp.directory.trust.models import ListingClaim
from myapp.directory.trust.watches import watch_for
from myapp.extensions import db


def seed() -> None:
    """Mark the first two live demo listings: one verified, one parked (once)."""
    live = db.session.scalars(
        select(Listing).where(Listing.status == APPROVED).order_by(Listing.id).limit(2)
    ).all()
    if len(live) < 2 or db.session.scalar(select(ListingClaim.id).limit(1)):
        return
    verified, parked = live
    now = utcnow()
    claim = ListingClaim(
        listing_id=verified.id,
        claimant_id=verified.owner_id,
        method="dns",
        token="",
        status="verified",
        verified_at=now,
    )
    db.session.add(claim)
    db.session.flush()
    claim.token = tokens.make_token(claim.id, verified.id)
    watch = watch_for(verified.id)
    watch.verified_claim, watch.verified_at = claim, now
    watch = watch_for(parked.id)
    watch.baseline_url, watch.baseline_title = parked.url, parked.name
    watch.last_url, watch.last_title = parked.url, f"{parked.host} is for sale"
    watch.suspect_kind, watch.suspect_since = "parked", now
    watch.suspect_reason = "the page says “this domain is for sale”"
    db.session.commit()
