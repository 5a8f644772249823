"""Public directory pages: home, categories, a listing, and the outbound redirect."""

from flask import redirect, render_template, request
from flask_login import current_user

from myapp.directory import bp, page_size
from myapp.directory.catalogue import categories
from myapp.directory.details.page import details_context
from myapp.directory.listings import actions, filtering, pending_edits
from myapp.directory.listings import services as listings
from myapp.directory.listings.schemas import ListingQuery
from myapp.directory.trust import claims
from myapp.page_cache import cached_page, changes_at, every_view
from myapp.policy import can
from myapp.seo import pages as seo
from myapp.stats.counting import count_view

FILTER_SCHEMA = ListingQuery(only=(*filtering.FILTERS, "cursor"))
changes_at(bp, listings.next_expiry)  # a listing leaves its pages when its time is up


@bp.get("/directory")
@cached_page
def index():
    """The directory's front page: categories, then live listings, featured first."""
    filters = _filters()
    page = filtering.search_listings(filters, limit=page_size())
    return render_template(
        "directory/index.html",
        tree=categories.load_tree(),
        page=page,
        **_context(filters),
    )


def _filters() -> dict:
    return filtering.filters_from(request.args, FILTER_SCHEMA)


def _context(filters: dict) -> dict:
    """What the filter form and the pager need."""
    return {
        "filters": filters,
        "filter_args": filtering.url_args(filters),
        "plans": filtering.plan_choices(),
        "q": filters.get("q", ""),
    }


@bp.get("/directory/<path:category_path>")
@cached_page
def category(category_path):
    """A category with its sub-categories and live listings (theirs included)."""
    tree = categories.load_tree()
    category = categories.by_path(tree, category_path)
    filters = _filters()
    page = filtering.search_listings(
        filters, tree.descendant_ids(category), page_size()
    )
    return render_template(
        "directory/category.html",
        tree=tree,
        category=category,
        page=page,
        page_meta=seo.category_meta(tree, category),
        **_context(filters),
    )


@bp.get("/listings/<slug>")
@cached_page
def show(slug):
    """A listing's page; an expired one answers 410 with a notice."""
    listing = listings.get_listing_page(slug, current_user)
    if listing.is_public:
        every_view(count_view, "listing_view", listing.id)
    manage = can(current_user, "listing.edit", listing)
    tree = categories.load_tree()
    context = {
        "listing": listing,
        "tree": tree,
        "page_meta": seo.listing_meta(listing, tree),
        "manage": manage,
        "actions": actions.listing_actions(current_user, [listing])[listing.id],
        "pending_edit": pending_edits.pending_edit_for(listing) if manage else None,
        **details_context(listing),
        "verified_owner": claims.verified_owner(listing.id),
    }
    status = 410 if listing.is_expired else 200
    return render_template("directory/show.html", **context), status


@bp.get("/go/<id:listing_id>")
def go(listing_id):
    """Count the click, then send the reader to the listed site."""
    listing = listings.follow_link(
        listing_id, request.method, request.headers.get("User-Agent")
    )
    return redirect(listing.url, 302)
