"""Public directory pages: home, categories, a listing, and the outbound redirect."""

from flask import redirect, render_template, request
from flask_login import current_user

from myapp.directory import bp, page_size
from myapp.directory.catalogue import categories
from myapp.directory.listings import actions, pending_edits
from myapp.directory.listings import services as listings
from myapp.directory.trust import claims
from myapp.page_cache import cached_page, changes_at, every_view
from myapp.policy import can
from myapp.stats.counting import count_view

changes_at(bp, listings.next_expiry)  # a listing leaves its pages when its time is up


@bp.get("/directory")
@cached_page
def index():
    """The directory's front page: categories, then live listings, featured first."""
    q = request.args.get("q", "").strip()[:200]
    page = listings.public_listings(
        cursor=request.args.get("cursor"), limit=page_size(), q=q or None
    )
    return render_template(
        "directory/index.html", tree=categories.load_tree(), page=page, q=q
    )


@bp.get("/directory/<path:category_path>")
@cached_page
def category(category_path):
    """A category with its sub-categories and live listings (theirs included)."""
    tree = categories.load_tree()
    category = categories.by_path(tree, category_path)
    page = listings.public_listings(
        tree.descendant_ids(category), request.args.get("cursor"), page_size()
    )
    return render_template(
        "directory/category.html", tree=tree, category=category, page=page
    )


@bp.get("/listings/<slug>")
@cached_page
def show(slug):
    """A listing's page; an expired one answers 410 with a notice."""
    listing = listings.get_listing_page(slug, current_user)
    if listing.is_public:
        every_view(count_view, "listing_view", listing.id)
    manage = can(current_user, "listing.edit", listing)
    context = {
        "listing": listing,
        "tree": categories.load_tree(),
        "manage": manage,
        "actions": actions.listing_actions(current_user, [listing])[listing.id],
        "pending_edit": pending_edits.pending_edit_for(listing) if manage else None,
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
