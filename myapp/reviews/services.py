"""Review rules: who may write one, what status it gets, and how pages show them."""

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from myapp.audit.services import record
from myapp.auth.models import User
from myapp.comments import spam
from myapp.database import unit_of_work, utcnow
from myapp.directory.listings.models import Listing
from myapp.errors import ConflictError, PermissionDenied
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, can, ensure_visible
from myapp.reviews.models import Review, ReviewReply
from myapp.reviews.vocabulary import APPROVED, PENDING

MAX_ID = 2**31 - 1
OWN_LISTING = "You cannot review your own listing; you may reply to its reviews."
ONE_EACH = "You have reviewed this listing already: edit your review instead."


def review_rate_limit() -> str:
    """The per-client limit on writing reviews and replies, form and API together."""
    return current_app.config["REVIEW_RATE_LIMIT"]


def first_status(actor, model, body: str, signals=None) -> tuple[str, str]:
    """A new text's status: the shared spam defences, then the trust rules.

    Authors and up are trusted as with comments; with REVIEWS_TRUST_KNOWN a
    member whose earlier review (or reply) was approved is too; anyone else's
    first one waits for a person.
    """
    verdict, reason = spam.assess_text(body, (actor.name,), signals)
    if verdict:
        return verdict, reason
    if can(actor, "review.skip_moderation"):
        return APPROVED, "signed-in author"
    if current_app.config["REVIEWS_TRUST_KNOWN"] and _has_approved(actor, model):
        return APPROVED, "known reviewer"
    return PENDING, "first review" if model is Review else "first reply"


def _has_approved(actor, model) -> bool:
    stmt = select(model.id).where(model.user_id == actor.id, model.status == APPROVED)
    return db.session.scalar(stmt.limit(1)) is not None


def set_status(row, status: str, reason: str) -> None:
    """A review's or reply's new status and why; approval stamps the review."""
    row.status, row.reason = status, reason
    if isinstance(row, Review) and status == APPROVED:
        row.approved_at = utcnow()


def ensure_may_review(actor, listing: Listing) -> None:
    """Refuse the owner and unconfirmed accounts, each with its own message."""
    if getattr(actor, "id", None) == listing.owner_id:
        raise PermissionDenied(OWN_LISTING)
    authorize(actor, "review.create", listing)


@unit_of_work
def create_review(actor, listing: Listing, data: dict, signals=None) -> Review:
    """A confirmed member's review of a live listing; one per account and listing."""
    ensure_may_review(actor, listing)
    if my_review(listing, actor) is not None:
        raise ConflictError(ONE_EACH, field="rating")
    review = Review(
        listing_id=listing.id,
        user_id=actor.id,
        rating=data["rating"],
        body=data["body"].strip(),
        body_html=spam.render_body(data["body"]),
        visited_on=data.get("visited_on"),
    )
    set_status(review, *first_status(actor, Review, data["body"], signals))
    db.session.add(review)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same review sent twice at once
        raise ConflictError(ONE_EACH, field="rating") from exc
    return review


@unit_of_work
def update_review(actor, review: Review, data: dict, signals=None) -> Review:
    """Change one's own review; the change goes back to moderation."""
    authorize(actor, "review.edit", review)
    for name in ("rating", "visited_on"):
        if name in data:
            setattr(review, name, data[name])
    if "body" in data:
        review.body = data["body"].strip()
        review.body_html = spam.render_body(data["body"])
    verdict, reason = spam.assess_text(review.body, (actor.name,), signals)
    set_status(review, verdict or PENDING, reason or "edited")
    return review


@unit_of_work
def delete_review(actor, review: Review) -> None:
    """Remove a review (its writer, or an editor); its reply goes with it."""
    authorize(actor, "review.delete", review)
    if actor.id != review.user_id:
        record(actor, "review.delete", review, f"of listing {review.listing_id}")
    db.session.delete(review)


@unit_of_work
def save_reply(actor, review: Review, data: dict, signals=None) -> ReviewReply:
    """The owner's reply to a published review: made once, edited after."""
    authorize(actor, "review.reply", review)
    reply = review.reply
    if reply is None:
        status = first_status(actor, ReviewReply, data["body"], signals)
        reply = ReviewReply(review=review, listing_id=review.listing_id, user=actor)
    else:
        verdict, reason = spam.assess_text(data["body"], (actor.name,), signals)
        status = (verdict or PENDING, reason or "edited")
    reply.body = data["body"].strip()
    reply.body_html = spam.render_body(data["body"])
    set_status(reply, *status)
    db.session.add(reply)
    return reply


# Reading ----------------------------------------------------------------------


def get_review(review_id: int, viewer=None) -> Review:
    review = db.session.get(Review, review_id) if 0 < review_id <= MAX_ID else None
    ensure_visible(viewer, "review.view", review)
    return review


def my_review(listing: Listing, user) -> Review | None:
    """The viewer's own review of the listing, whatever its status."""
    if not getattr(user, "is_authenticated", False):
        return None
    stmt = select(Review).where(
        Review.listing_id == listing.id, Review.user_id == user.id
    )
    return db.session.scalar(stmt)


def approved_reviews(listing: Listing, cursor=None, limit: int | None = None) -> Page:
    """A page of published reviews, newest first, each with its writer's name
    and its reply: one query whatever the page holds (never sorted by score)."""
    limit = limit or current_app.config["REVIEWS_PER_PAGE"]
    stmt = (
        select(Review)
        .join(Review.user)
        .where(Review.listing_id == listing.id, Review.status == APPROVED)
        .options(
            contains_eager(Review.user).load_only(User.id, User.name),
            joinedload(Review.reply),
        )
    )
    return keyset_page(stmt, [Review.id], cursor, limit)


def approved_reply(review: Review) -> ReviewReply | None:
    reply = review.reply
    return reply if reply is not None and reply.status == APPROVED else None


def _summaries(listing_ids) -> dict[int, dict]:
    stmt = (
        select(Review.listing_id, func.count(), func.avg(Review.rating))
        .where(Review.listing_id.in_(listing_ids), Review.status == APPROVED)
        .group_by(Review.listing_id)
    )
    return {lid: _summary(count, avg) for lid, count, avg in db.session.execute(stmt)}


def _summary(count: int, average) -> dict:
    shown = count >= current_app.config["REVIEWS_MIN_FOR_AVERAGE"]
    return {
        "count": count,
        "average": round(float(average), 1) if shown and average is not None else None,
    }


def review_counts(listing_ids) -> dict[int, dict]:
    """{listing id: {"count", "average"}}: the average only from the threshold."""
    ids = list(listing_ids)
    found = _summaries(ids) if ids else {}
    return {lid: found.get(lid, _summary(0, None)) for lid in ids}


def rating_summary(listing: Listing) -> dict | None:
    """{"average", "count"} when the average is shown (for JSON-LD), else None."""
    summary = review_counts([listing.id])[listing.id]
    return summary if summary["average"] is not None else None
