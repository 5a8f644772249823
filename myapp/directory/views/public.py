"""Public directory pages: home, categories, a listing, and the outbound redirect."""

from flask import redirect, render_template, request
from flask_login import current_user

from myapp.directory import bp
from myapp.directory.services import categories, listings, revisions
from myapp.directory.services.lifecycle import can_apply
from myapp.directory.views.forms import page_size
from myapp.errors import NotFoundError
from myapp.page_cache import cached_page, changes_at, every_view
from myapp.policy import can
from myapp.stats.counting import count_view, record_hit

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
    category = tree.by_path.get(category_path.strip("/"))
    if category is None:
        raise NotFoundError("There is no such category in the directory.")
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
        "renewable": can(current_user, "listing.renew", listing)
        and listing.plan.is_paid
        and can_apply(listing, "renew"),
        "pending_edit": revisions.pending_edit_for(listing) if manage else None,
    }
    status = 410 if listing.is_expired else 200
    return render_template("directory/show.html", **context), status


@bp.get("/go/<int:listing_id>")
def go(listing_id):
    """Count the click, then send the reader to the listed site."""
    listing = listings.get_listing(listing_id)
    if not listing.is_public:
        raise NotFoundError("This listing is not in the directory.")
    if record_hit("listing_click", listing.id, request):
        listings.count_click(listing.id)
    return redirect(listing.url, 302)
