"""The forms on a listing's page: write, edit or delete a review, reply, report.

A form with errors renders the listing page again (422) with the values kept:
the page's own view draws it, the reviews partial reads `g.review_form`.
"""

from flask import current_app, flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from myapp.comments import spam
from myapp.directory.listings import services as listings
from myapp.extensions import limiter
from myapp.policy import authorize
from myapp.reviews import bp, moderation, services
from myapp.reviews.schemas import ListingReviewIn, ReplyIn, ReportIn
from myapp.web import post_form


def _report_limit() -> str:
    return current_app.config["REVIEW_REPORT_RATE_LIMIT"]


def _signals() -> spam.FormSignals:
    return spam.FormSignals(
        honeypot=request.form.get(spam.HONEYPOT, ""),
        token=request.form.get("form_token"),
    )


def _page(listing, anchor: str = "reviews"):
    return redirect(url_for("directory.show", slug=listing.slug) + f"#{anchor}")


def _again(listing, post, target: str, signals=None):
    """The listing page with this form's values and errors beside its fields."""
    g.review_form = {
        "form": request.form,
        "errors": post.errors,
        "target": target,
        "token": signals.token if signals else None,
    }
    page = current_app.view_functions["directory.show"](listing.slug)
    body = page[0] if isinstance(page, tuple) else page
    return body, 422


def _thanks(review_or_reply, what: str) -> None:
    if review_or_reply.status == "approved":
        flash(f"Thank you: your {what} is published.", "success")
    else:  # held and spam read the same, so a bot learns nothing
        flash(f"Thank you: your {what} waits for a moderator.", "info")


@bp.post("/listings/<slug>/reviews")
@login_required
@limiter.shared_limit(services.review_rate_limit, scope="reviews")
def create(slug):
    """Write a review of a live listing."""
    listing = listings.get_listing_page(slug, current_user)
    services.ensure_may_review(current_user, listing)
    signals = _signals()
    post = post_form(
        ListingReviewIn(),
        lambda data: services.create_review(current_user, listing, data, signals),
    )
    if not post.ok:
        return _again(listing, post, "review", signals)
    _thanks(post.result, "review")
    return _page(listing, f"review-{post.result.id}")


@bp.post("/reviews/<id:review_id>/edit")
@login_required
@limiter.shared_limit(services.review_rate_limit, scope="reviews")
def edit(review_id):
    """Change one's own review; it goes back to moderation."""
    review = services.get_review(review_id, current_user)
    authorize(current_user, "review.edit", review)
    signals = _signals()
    post = post_form(
        ListingReviewIn(),
        lambda data: services.update_review(current_user, review, data, signals),
    )
    if not post.ok:
        return _again(review.listing, post, "review", signals)
    _thanks(post.result, "review")
    return _page(review.listing)


@bp.post("/reviews/<id:review_id>/delete")
@login_required
def delete(review_id):
    """Remove one's own review (editors: any)."""
    review = services.get_review(review_id, current_user)
    listing = review.listing
    services.delete_review(current_user, review)
    flash("The review is removed.", "success")
    return _page(listing)


@bp.post("/reviews/<id:review_id>/reply")
@login_required
@limiter.shared_limit(services.review_rate_limit, scope="reviews")
def reply(review_id):
    """The listing owner answers a review (once; later posts edit the answer)."""
    review = services.get_review(review_id, current_user)
    authorize(current_user, "review.reply", review)
    signals = _signals()
    post = post_form(
        ReplyIn(),
        lambda data: services.save_reply(current_user, review, data, signals),
    )
    if not post.ok:
        return _again(review.listing, post, f"reply-{review.id}", signals)
    _thanks(post.result, "reply")
    return _page(review.listing, f"review-{review.id}")


@bp.post("/reviews/<id:review_id>/report")
@login_required
@limiter.limit(_report_limit)
def report(review_id):
    """Tell the moderators a review breaks the rules; it waits for them again."""
    review = services.get_review(review_id, current_user)
    authorize(current_user, "review.report", review)
    post = post_form(
        ReportIn(),
        lambda data: moderation.report_review(current_user, review, data["reason"]),
    )
    if not post.ok:
        return _again(review.listing, post, f"report-{review.id}")
    flash("Thank you: a moderator will look at this review.", "info")
    return _page(review.listing)
