"""A category's Atom feed: its new listings (sub-categories' included)."""

from myapp.directory import bp
from myapp.directory.catalogue import categories
from myapp.directory.listings.feed import newest_listings
from myapp.page_cache import cached_page
from myapp.seo.feeds import atom_response, feed_info, site_title

FEED_SIZE = 20


@bp.get("/directory/<path:category_path>/feed.xml")
@cached_page
def category_feed(category_path):
    """Atom feed of the listings that went live last in a category."""
    tree = categories.load_tree()
    category = categories.by_path(tree, category_path)
    listings = newest_listings(tree.descendant_ids(category), FEED_SIZE)
    path = {"category_path": category.path}
    info = feed_info(
        site_title(f"new in {tree.label(category)}"),
        ("directory.category", path),
        ("directory.category_feed", path),
    )
    return atom_response("directory/feed.xml", info, listings, listings=listings)
