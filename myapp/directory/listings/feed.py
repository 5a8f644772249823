"""The newest live listings of a part of the tree, for a category's Atom feed."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.page_cache import shows


def newest_listings(category_ids: list[int], limit: int = 20) -> list[Listing]:
    """Live listings of these categories, newest first (by when they went live)."""
    shows("index:listings")
    stmt = (
        select(Listing)
        .where(Listing.is_public, Listing.category_id.in_(category_ids))
        .options(joinedload(Listing.category))
        .order_by(Listing.published_at.desc(), Listing.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
