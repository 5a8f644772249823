"""Editors' review pages: the queue, one listing's file, and the actions on it."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp, page_size, schemas
from myapp.directory.billing import orders
from myapp.directory.catalogue import categories
from myapp.directory.linkcheck.recheck import recheck_link
from myapp.directory.listings import pending_edits, review
from myapp.directory.listings import services as listings
from myapp.directory.vocabulary import LISTING_STATUSES, bulk_done, review_done
from myapp.policy import authorize, can
from myapp.schemas import BaseSchema
from myapp.stats.listing_figures import listing_figures
from myapp.web import post_form


@bp.app_context_processor
def directory_navigation():
    """Give the admin layout a lazy way to show the directory's queue counts."""
    return {"directory_counts": review.queue_counts}


@bp.get("/admin/listings")
@login_required
def queue():
    """Everything waiting for an editor: listings, edits, links, unpaid orders."""
    authorize(current_user, "listing.review")
    return _queue_page({})


def _queue_page(errors, status=200):
    directory_queue = review.review_queue(request.args.get("cursor"), page_size())
    return render_template(
        "directory/admin_queue.html",
        queue=directory_queue,
        errors=errors,
        form=request.form,
    ), status


@bp.post("/admin/listings/bulk")  # the old address, kept for open tabs
@bp.post("/admin/listings")
@login_required
def bulk():
    """Approve, reject, suspend or reinstate the ticked listings at once."""
    authorize(current_user, "listing.review")
    post = post_form(
        schemas.BulkReviewIn(),
        lambda data: review.bulk_review(
            current_user, data["ids"], data["action"], data["reason"]
        ),
    )
    if not post.ok:
        return _queue_page(post.errors, 422)
    _flash_bulk(post.result, request.form.get("action"))
    return redirect(_back_to_queue())


def _flash_bulk(result, action):
    """Say what the bulk action did, and which listings it could not change."""
    if result["done"]:
        flash(bulk_done(len(result["done"]), action), "success")
    for listing, message in result["failed"]:
        flash(f"{getattr(listing, 'name', listing)}: {message}", "error")


@bp.get("/admin/listings/all")
@login_required
def browse():
    """Every listing, by status, with search."""
    authorize(current_user, "listing.review")
    status = request.args.get("status") or None
    if status not in (None, *LISTING_STATUSES):
        status = None
    q = request.args.get("q", "").strip()[:200] or None
    page = listings.browse_listings(
        current_user, status, cursor=request.args.get("cursor"), limit=page_size(), q=q
    )
    return render_template(
        "directory/admin_listings.html",
        page=page,
        status=status,
        q=q or "",
        statuses=LISTING_STATUSES,
        figures=listing_figures(page.items),
    )


@bp.get("/admin/listings/<id:listing_id>")
@login_required
def listing_file(listing_id):
    """One listing's file: details, history, pending edit, orders and actions."""
    authorize(current_user, "listing.review")
    return _listing_file(listing_id, {})


def _listing_file(listing_id, errors, status=200):
    listing = listings.get_listing(listing_id)
    edit = pending_edits.pending_edit_for(listing)
    return render_template(
        "directory/admin_listing.html",
        listing=listing,
        history=review.listing_history(listing),
        allowed=review.review_actions(listing),
        edit=edit,
        orders=orders.list_orders(current_user, listing_id=listing.id).items
        if can(current_user, "order.list_all")
        else [],
        tree=categories.load_tree(),
        figures=listing_figures([listing])[listing.id],
        errors=errors,
    ), status


@bp.post(
    "/admin/listings/<id:listing_id>/<any(approve, reject, suspend, reinstate):action>"
)
@login_required
def decide(listing_id, action):
    """Apply one review action; reject and suspend need a reason for the owner."""
    authorize(current_user, "listing.review")
    listing = listings.get_listing(listing_id)
    post = post_form(
        schemas.ReviewIn(),
        lambda data: review.review_listing(
            current_user, listing, action, data["reason"]
        ),
    )
    if not post.ok:
        return _listing_file(listing_id, post.errors, 422)
    flash(review_done(listing.name, action), "success")
    return redirect(_back(listing))


@bp.post("/admin/listings/<id:listing_id>/recheck")
@login_required
def recheck(listing_id):
    """Check a listing's site again now, from the inbox's link problems."""
    authorize(current_user, "listing.review")
    listing = listings.get_listing(listing_id)
    # Nothing to fill in: an empty form, so a refusal comes back like any other.
    post = post_form(BaseSchema(), lambda data: recheck_link(current_user, listing))
    if not post.ok:
        return _listing_file(listing_id, post.errors, 422)
    flash(post.result.sentence(), "success" if post.result.ok else "error")
    return redirect(_back(listing))


def _back(listing):
    if request.form.get("back") in ("queue", "inbox"):
        return _back_to_queue()
    return url_for("directory.listing_file", listing_id=listing.id)


def _back_to_queue():
    # The partial serves both the listing queue and the inbox; return where it was.
    if request.form.get("back") == "inbox":
        return url_for("admin.queue")
    return url_for("directory.queue")


@bp.post("/admin/edits/<id:revision_id>/<any(approve, reject):action>")
@login_required
def decide_edit(revision_id, action):
    """Apply or refuse an owner's pending change."""
    authorize(current_user, "listing.review")
    revision = pending_edits.get_revision(revision_id)
    post = post_form(
        schemas.ReviewIn(),
        lambda data: pending_edits.decide_edit(
            current_user, revision, action, data["reason"]
        ),
    )
    if not post.ok:
        return _listing_file(revision.listing_id, post.errors, 422)
    outcome = "applied" if action == "approve" else "refused"
    flash(f"The change to {revision.listing.name} is {outcome}.", "success")
    return redirect(_back(revision.listing))
