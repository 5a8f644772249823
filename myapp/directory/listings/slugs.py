"""Readable, unique slugs for categories and listings."""

from sqlalchemy import select

from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.slugs import slugify


def unique_listing_slug(name: str, exclude_id: int | None = None) -> str:
    """The name's slug, with -2, -3 … appended when another listing has it."""
    base = slugify(name, 120)
    stmt = select(Listing.slug).where(Listing.slug.startswith(base, autoescape=True))
    if exclude_id:
        stmt = stmt.where(Listing.id != exclude_id)
    taken = set(db.session.scalars(stmt))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
