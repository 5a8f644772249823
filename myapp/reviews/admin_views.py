"""Moderators' decisions on reviews and replies, posted from /admin/queue."""

from flask import current_app, flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from myapp.errors import NotFoundError
from myapp.policy import authorize
from myapp.reviews import bp, moderation
from myapp.reviews.schemas import BulkDecisionIn, DecisionIn
from myapp.reviews.vocabulary import DONE
from myapp.web import post_form


def _back():
    return redirect(url_for("admin.queue") + "#reviews")


def _again(post, target: str):
    """The inbox again (422), the message beside the form that was sent."""
    g.review_queue = {"errors": post.errors, "target": target, "form": request.form}
    page = current_app.view_functions["admin.queue"]()
    return (page[0] if isinstance(page, tuple) else page), 422


@bp.post("/admin/reviews/<kind>/<id:row_id>")
@login_required
def decide(kind, row_id):
    """Approve, reject (with a reason) or mark as spam one review or reply."""
    authorize(current_user, "review.moderate")
    if kind not in moderation.KINDS:
        raise NotFoundError()
    row = moderation.get_row(kind, row_id)
    post = post_form(
        DecisionIn(),
        lambda data: moderation.decide(
            current_user, kind, row, data["action"], data["reason"]
        ),
    )
    if not post.ok:
        return _again(post, f"{kind}-{row_id}")
    what = "Review" if kind == "review" else "Reply"
    flash(f"{what} {DONE[request.form['action']]}.", "success")
    return _back()


@bp.post("/admin/reviews/bulk")
@login_required
def decide_bulk():
    """The same decision for the ticked reviews (or replies)."""
    authorize(current_user, "review.moderate")
    post = post_form(
        BulkDecisionIn(),
        lambda data: moderation.decide_many(
            current_user, data["kind"], data["ids"], data["action"], data["reason"]
        ),
    )
    if not post.ok:
        return _again(post, "bulk")
    flash(f"{post.result} {DONE[request.form['action']]}.", "success")
    return _back()
