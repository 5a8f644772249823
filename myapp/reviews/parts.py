"""What the listing page, cards and search results show of reviews.

Templates ask through two globals (registered in reviews/__init__.py):
`review_section(listing, manage)` for the listing page's partial, and
`rating_of(listing)` for a card. The card's summaries are loaded for every
listing the request has loaded so far, in one query, so a page of 20 cards
costs one query, not twenty.
"""

from flask import g, request
from flask_login import current_user

from myapp.comments import spam
from myapp.directory.listings.models import Listing
from myapp.extensions import db
from myapp.policy import can
from myapp.reviews import services, stats


def review_section(listing: Listing, manage: bool = False) -> dict:
    """The reviews, the summary, the viewer's own review and, on a failed post,
    the form's values and errors (set by the posting view in `g.review_form`)."""
    page = services.approved_reviews(listing, request.args.get("reviews") or None)
    mine = services.my_review(listing, current_user)
    state = g.get("review_form") or {}
    section = {
        "summary": rating_of(listing),
        "page": page,
        "mine": mine,
        "may_review": mine is None and can(current_user, "review.create", listing),
        "is_owner": getattr(current_user, "id", None) == listing.owner_id,
        "signed_in": current_user.is_authenticated,
        "confirmed": can(current_user, "act_as_confirmed"),
        "form": state.get("form") or _form_of(mine),
        "errors": state.get("errors") or {},
        "errors_for": state.get("target"),
        "token": spam.retry_token(state.get("token")),
        "honeypot": spam.HONEYPOT,
        "stats": None,
    }
    if manage and can(current_user, "review.stats", listing):
        section["stats"] = stats.listing_stats(listing)
    return section


def _form_of(review) -> dict:
    if review is None:
        return {}
    visited = review.visited_on.isoformat() if review.visited_on else ""
    return {"rating": str(review.rating), "body": review.body, "visited_on": visited}


def rating_of(listing: Listing) -> dict:
    """{"count", "average"} for a card: loaded with every listing loaded so far."""
    known = g.setdefault("review_summaries", {})
    if listing.id not in known:
        ids = {
            obj.id
            for obj in db.session.identity_map.values()
            if isinstance(obj, Listing)
        }
        known.update(services.review_counts(ids - known.keys() | {listing.id}))
    return known[listing.id]
