"""Directory API: listings and their review, with the forms' own schemas."""

from flask import jsonify, url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.api.caching import etag
from myapp.directory import schemas
from myapp.directory.billing import orders
from myapp.directory.listings import pending_edits, review
from myapp.directory.listings import services as listings
from myapp.directory.trust import duplicates
from myapp.directory.trust.schemas import ListingSubmittedOut
from myapp.extensions import limiter
from myapp.page_cache import cached_page
from myapp.policy import can
from myapp.schemas import Extended, page_of

ListingPageOut = page_of(schemas.ListingOut, "ListingPageOut")


@bp.get("/listings")
@cached_page
@etag
@bp.arguments(schemas.ListingQuery, location="query")
@bp.response(200, ListingPageOut)
@bp.doc(security=[{}, *BEARER])
def list_listings(args):
    """Live listings, featured first; `mine` or (editors) `status` for the others."""
    return listings.find_listings(api_user(), args)


def _private(listing, order=None, **extra) -> Extended:
    """The owner's/editor's view: private fields, the pending change, an order."""
    changes = pending_edits.pending_changes(listing)
    return Extended(listing, pending_changes=changes, order=order, **extra)


@bp.post("/listings")
@limiter.limit(listings.submission_rate_limit)
@token_required
@bp.arguments(schemas.ListingIn)
@bp.response(201, ListingSubmittedOut)
@bp.doc(security=BEARER)
def create_listing(data):
    """Submit a listing; a paid plan answers with the order to pay, and
    `duplicate_hints` names the listings it looks like."""
    listing, order = listings.submit_listing(api_user(), data)
    location = url_for("api.get_listing", listing_id=listing.id)
    hints = duplicates.hints_shown(listing.id, api_user().id)
    return _private(listing, order, duplicate_hints=hints), 201, {"Location": location}


@bp.get("/listings/<id:listing_id>")
@cached_page
@etag
@bp.response(200, schemas.ListingPrivateOut)
@bp.doc(security=[{}, *BEARER])
def get_listing(listing_id):
    """A listing: public fields for anyone, all of ListingPrivateOut for its
    owner and editors (the private ones are left out for everyone else)."""
    viewer = api_user()
    listing = listings.get_visible_listing(listing_id, viewer)
    if not can(viewer, "listing.edit", listing):
        public = schemas.ListingPrivateOut(only=schemas.PUBLIC_LISTING_FIELDS)
        return jsonify(public.dump(listing))
    return _private(listing)


@bp.patch("/listings/<id:listing_id>")
@token_required
@bp.arguments(schemas.ListingPatchIn)
@bp.response(200, schemas.ListingCreatedOut)
@bp.doc(security=BEARER)
def update_listing(data, listing_id):
    """Edit; a reviewed listing's change waits for review, a new plan is an order."""
    listing = listings.get_visible_listing(listing_id, api_user())
    listing, _, order = listings.update_listing(api_user(), listing, data)
    return _private(listing, order)


def _review(listing_id, action, reason=""):
    listing = listings.get_visible_listing(listing_id, api_user())
    return _private(review.review_listing(api_user(), listing, action, reason))


@bp.post("/listings/<id:listing_id>/approve")
@token_required
@bp.response(200, schemas.ListingPrivateOut)
@bp.doc(security=BEARER)
def approve_listing(listing_id):
    """Approve a pending listing (editors)."""
    return _review(listing_id, "approve")


@bp.post("/listings/<id:listing_id>/reject")
@token_required
@bp.arguments(schemas.ReviewIn)
@bp.response(200, schemas.ListingPrivateOut)
@bp.doc(security=BEARER)
def reject_listing(data, listing_id):
    """Reject a listing with a reason the owner sees (editors)."""
    return _review(listing_id, "reject", data["reason"])


@bp.post("/listings/<id:listing_id>/suspend")
@token_required
@bp.arguments(schemas.ReviewIn)
@bp.response(200, schemas.ListingPrivateOut)
@bp.doc(security=BEARER)
def suspend_listing(data, listing_id):
    """Take a live listing down, with a reason (editors)."""
    return _review(listing_id, "suspend", data["reason"])


@bp.post("/listings/<id:listing_id>/reinstate")
@token_required
@bp.response(200, schemas.ListingPrivateOut)
@bp.doc(security=BEARER)
def reinstate_listing(listing_id):
    """Put a suspended listing back (editors)."""
    return _review(listing_id, "reinstate")


@bp.post("/listings/<id:listing_id>/renew")
@token_required
@bp.arguments(schemas.RenewIn)
@bp.response(201, schemas.OrderOut)
@bp.doc(security=BEARER)
def renew_listing(data, listing_id):
    """Order another term (or, with `plan`, an upgrade); applied when paid."""
    listing = listings.get_visible_listing(listing_id, api_user())
    return orders.renew_or_upgrade(api_user(), listing, data.get("plan"))


@bp.post("/edits/<id:revision_id>/approve")
@token_required
@bp.response(200, schemas.EditOut)
@bp.doc(security=BEARER)
def approve_edit(revision_id):
    """Apply an owner's pending change to the live listing (editors)."""
    revision = pending_edits.get_revision(revision_id)
    pending_edits.approve_edit(api_user(), revision)
    return revision


@bp.post("/edits/<id:revision_id>/reject")
@token_required
@bp.arguments(schemas.ReviewIn)
@bp.response(200, schemas.EditOut)
@bp.doc(security=BEARER)
def reject_edit(data, revision_id):
    """Refuse an owner's pending change, with a reason (editors)."""
    return pending_edits.reject_edit(
        api_user(), pending_edits.get_revision(revision_id), data["reason"]
    )
