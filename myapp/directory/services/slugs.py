"""Readable, unique slugs for categories and listings."""

import re
import unicodedata

from sqlalchemy import select

from myapp.directory.models import Listing
from myapp.extensions import db


def slugify(text: str, max_length: int = 80) -> str:
    """ "Café Crème & Co." → "cafe-creme-co" (ASCII, lowercase, hyphens)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or "item"


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
