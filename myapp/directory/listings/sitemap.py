"""What the directory contributes to /sitemap.xml (the sitemap itself is core's)."""

from collections.abc import Iterator

from sqlalchemy import select

from myapp.directory.models import Category, Listing
from myapp.extensions import db


def sitemap_entries() -> Iterator[dict]:
    """Yield {"loc": path, "lastmod": datetime} for the directory's public pages.

    Paths are site-relative ("/listings/acme"); the caller prefixes SITE_URL.
    Only live listings appear (expired, pending, rejected and suspended ones
    never do), streamed so 20,000 listings do not sit in memory at once.
    """
    yield {"loc": "/directory", "lastmod": None}
    for path, updated_at in db.session.execute(
        select(Category.path, Category.updated_at).order_by(Category.path)
    ):
        yield {"loc": f"/directory/{path}", "lastmod": updated_at}
    rows = db.session.execute(
        select(Listing.slug, Listing.updated_at)
        .where(Listing.is_public)
        .order_by(Listing.id)
        .execution_options(yield_per=1000)
    )
    for slug, updated_at in rows:
        yield {"loc": f"/listings/{slug}", "lastmod": updated_at}
