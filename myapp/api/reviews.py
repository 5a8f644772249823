"""Listing reviews: reading, writing, the owner's reply, reports and moderation."""

from flask import url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.directory.listings import services as listings
from myapp.extensions import limiter
from myapp.reviews import moderation, services
from myapp.reviews.schemas import (
    DecisionIn,
    ListingReviewIn,
    ListingReviewPatchIn,
    RatingSummaryOut,
    ReplyIn,
    ReplyOut,
    ReportIn,
    ReviewOut,
    ReviewPage,
    ReviewQuery,
)


@bp.get("/listings/<id:listing_id>/reviews")
@bp.arguments(ReviewQuery, location="query")
@bp.response(200, ReviewPage)
def list_reviews(args, listing_id):
    """A live listing's published reviews, newest first, with the owner's replies."""
    listing = listings.get_visible_listing(listing_id, api_user())
    return services.approved_reviews(listing, args["cursor"], args["limit"])


@bp.get("/listings/<id:listing_id>/reviews/summary")
@bp.response(200, RatingSummaryOut)
def review_summary(listing_id):
    """How many published reviews, and their average once there are enough."""
    listing = listings.get_visible_listing(listing_id, api_user())
    return services.review_counts([listing.id])[listing.id]


@bp.post("/listings/<id:listing_id>/reviews")
@token_required
@limiter.shared_limit(services.review_rate_limit, scope="reviews")
@bp.arguments(ListingReviewIn)
@bp.response(201, ReviewOut)
@bp.alt_response(403, description="Not confirmed, or your own listing.")
@bp.alt_response(409, description="You reviewed this listing already.")
@bp.doc(security=BEARER)
def create_review(data, listing_id):
    """Review a live listing (confirmed members; one each); `status` may be pending."""
    listing = listings.get_visible_listing(listing_id, api_user())
    review = services.create_review(api_user(), listing, data)
    location = url_for("api.get_review", review_id=review.id)
    return review, 201, {"Location": location}


@bp.get("/reviews/<id:review_id>")
@bp.response(200, ReviewOut)
def get_review(review_id):
    """One review: anyone once published; its writer and editors whatever its status."""
    return services.get_review(review_id, api_user())


@bp.patch("/reviews/<id:review_id>")
@token_required
@limiter.shared_limit(services.review_rate_limit, scope="reviews")
@bp.arguments(ListingReviewPatchIn)
@bp.response(200, ReviewOut)
@bp.alt_response(403, description="Not your review.")
@bp.doc(security=BEARER)
def update_review(data, review_id):
    """Change your review; it waits for moderation again."""
    review = services.get_review(review_id, api_user())
    return services.update_review(api_user(), review, data)


@bp.delete("/reviews/<id:review_id>")
@token_required
@bp.response(204)
@bp.alt_response(403, description="Not your review.")
@bp.doc(security=BEARER)
def delete_review(review_id):
    """Delete your review (editors: any), with its reply."""
    review = services.get_review(review_id, api_user())
    services.delete_review(api_user(), review)


@bp.put("/reviews/<id:review_id>/reply")
@token_required
@limiter.shared_limit(services.review_rate_limit, scope="reviews")
@bp.arguments(ReplyIn)
@bp.response(200, ReplyOut)
@bp.alt_response(403, description="Only the listing's owner replies.")
@bp.doc(security=BEARER)
def reply_to_review(data, review_id):
    """The listing owner's one reply to a published review (made or changed)."""
    review = services.get_review(review_id, api_user())
    return services.save_reply(api_user(), review, data)


@bp.post("/reviews/<id:review_id>/report")
@token_required
@bp.arguments(ReportIn)
@bp.response(202, ReviewOut)
@bp.doc(security=BEARER)
def report_review(data, review_id):
    """Report a review that breaks the rules: it waits for a moderator again."""
    review = services.get_review(review_id, api_user())
    moderation.report_review(api_user(), review, data["reason"])
    return review


@bp.post("/reviews/<id:review_id>/moderation")
@token_required
@bp.arguments(DecisionIn)
@bp.response(200, ReviewOut)
@bp.alt_response(403, description="Editors only.")
@bp.doc(security=BEARER)
def moderate_review(data, review_id):
    """Approve, reject (with a `reason`) or mark a review as spam (editors)."""
    moderation.authorize_moderator(api_user())
    review = services.get_review(review_id, api_user())
    return moderation.decide(
        api_user(), "review", review, data["action"], data["reason"]
    )


@bp.post("/review-replies/<id:reply_id>/moderation")
@token_required
@bp.arguments(DecisionIn)
@bp.response(200, ReplyOut)
@bp.alt_response(403, description="Editors only.")
@bp.doc(security=BEARER)
def moderate_reply(data, reply_id):
    """Approve, reject (with a `reason`) or mark an owner's reply as spam (editors)."""
    moderation.authorize_moderator(api_user())
    reply = moderation.get_row("reply", reply_id)
    return moderation.decide(api_user(), "reply", reply, data["action"], data["reason"])
