"""The moderation inbox: everything waiting for a person, on one page."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.admin import bp
from myapp.comments import services as comments
from myapp.directory import schemas as directory_schemas
from myapp.directory.listings import review
from myapp.directory.trust import inbox as trust_inbox
from myapp.directory.vocabulary import bulk_done
from myapp.outbox import admin as outbox
from myapp.policy import authorize, can
from myapp.reviews import moderation as reviews
from myapp.web import post_form


def inbox_counts() -> dict:
    """Waiting items by kind, for the admin navigation's badge."""
    directory = review.queue_counts()
    pending_comments = comments.count_pending()
    dead = outbox.count_dead()
    waiting_reviews = reviews.queue_counts()
    return {
        "comments": pending_comments,
        "directory": directory,
        "outbox_dead": dead,
        "reviews": waiting_reviews,
        "total": pending_comments
        + directory["total"]
        + dead
        + waiting_reviews["total"],
    }


@bp.app_context_processor
def inbox_navigation():
    """Templates call inbox_counts() only where the badge is shown."""
    return {"inbox_counts": inbox_counts}


@bp.get("/queue")
@login_required
def queue():
    """Pending comments, listings, edits, broken links and stale unpaid orders."""
    authorize(current_user, "queue.view")
    return _inbox({})


@bp.post("/queue")
@login_required
def queue_bulk():
    """The inbox's bulk review: a refusal comes back here, the ticks still ticked."""
    authorize(current_user, "listing.review")
    post = post_form(
        directory_schemas.BulkReviewIn(),
        lambda data: review.bulk_review(
            current_user, data["ids"], data["action"], data["reason"]
        ),
    )
    if not post.ok:
        return _inbox(post.errors, 422)
    action = request.form.get("action")
    if post.result["done"]:
        flash(bulk_done(len(post.result["done"]), action), "success")
    for listing, message in post.result["failed"]:
        flash(f"{getattr(listing, 'name', listing)}: {message}", "error")
    return redirect(url_for("admin.queue"))


def _inbox(errors, status=200):
    return render_template(
        "admin/queue.html",
        counts=inbox_counts(),
        comment_queue=comments.comments_with_status(
            current_user, "pending", request.args.get("cursor") or None
        ),
        queue_next=url_for("admin.queue"),
        queue=review.review_queue(),
        show_comments=can(current_user, "comment.moderate"),
        review_queue=reviews.pending(current_user)
        if can(current_user, "review.moderate")
        else None,
        trust=trust_inbox.trust_queue(),
        errors=errors,
        form=request.form,
    ), status
