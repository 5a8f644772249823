"""Editors' review: approve, reject, suspend and reinstate, one at a time or in bulk,
and the queue of everything that waits for a person."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from myapp.database import unit_of_work
from myapp.directory import notify
from myapp.directory.billing import orders
from myapp.directory.catalogue import categories
from myapp.directory.listings import lifecycle, pending_edits
from myapp.directory.models import (
    PENDING,
    Listing,
    ListingEvent,
    ListingRevision,
    Order,
)
from myapp.directory.trust import watches
from myapp.directory.vocabulary import EDIT_PENDING, NEEDS_REASON, REVIEW_ACTIONS
from myapp.errors import AppError, InvalidInput
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize

NOTICES = {
    "approve": notify.approved,
    "reject": notify.rejected,
    "suspend": notify.suspended,
    "reinstate": notify.reinstated,
}


@unit_of_work
def review_listing(actor, listing: Listing, action: str, reason: str = "") -> Listing:
    """Approve, reject (with reason), suspend (with reason) or reinstate."""
    authorize(actor, "listing.review")
    if action not in REVIEW_ACTIONS:
        raise InvalidInput("Choose approve, reject, suspend or reinstate.", "action")
    lifecycle.apply(listing, action, actor, reason)
    if action == "approve":
        watches.rebaseline(listing.id)
    if action in NOTICES:
        NOTICES[action](listing)
    return listing


def approve_listing(actor, listing: Listing) -> Listing:
    return review_listing(actor, listing, "approve")


def reject_listing(actor, listing: Listing, reason: str) -> Listing:
    return review_listing(actor, listing, "reject", reason)


def suspend_listing(actor, listing: Listing, reason: str) -> Listing:
    return review_listing(actor, listing, "suspend", reason)


def reinstate_listing(actor, listing: Listing) -> Listing:
    return review_listing(actor, listing, "reinstate")


def review_actions(listing: Listing) -> list[str]:
    """The review actions the listing's state allows now (for the file's buttons)."""
    return [a for a in REVIEW_ACTIONS if lifecycle.can_apply(listing, a)]


def bulk_review(actor, ids: list[int], action: str, reason: str = "") -> dict:
    """Apply one action to many listings; each succeeds or fails on its own.

    Returns {"done": [listing, ...], "failed": [(listing_or_id, message), ...]}.
    """
    authorize(actor, "listing.review")
    if action in NEEDS_REASON and not (reason or "").strip():
        raise InvalidInput("Give a reason; the owners will see it.", field="reason")
    found = {
        listing.id: listing
        for listing in db.session.scalars(select(Listing).where(Listing.id.in_(ids)))
    }
    done, failed = [], []
    for listing_id in ids:
        listing = found.get(listing_id)
        if listing is None:
            failed.append((listing_id, "No such listing."))
            continue
        try:  # each listing is its own action: one refusal keeps the others
            done.append(review_listing(actor, listing, action, reason))
        except AppError as exc:
            failed.append((listing, exc.detail))
    return {"done": done, "failed": failed}


def listing_history(listing: Listing) -> list[ListingEvent]:
    """The listing's transitions, oldest first, with who made them."""
    stmt = (
        select(ListingEvent)
        .where(ListingEvent.listing_id == listing.id)
        .options(joinedload(ListingEvent.actor))
        .order_by(ListingEvent.id)
    )
    return list(db.session.scalars(stmt))


def pending_listings(cursor: str | None = None, limit: int = 20) -> Page:
    """The review queue: priority (paid) plans first, then oldest first."""
    stmt = (
        select(Listing)
        .where(Listing.status == PENDING)
        .options(
            joinedload(Listing.plan),
            joinedload(Listing.category),
            joinedload(Listing.owner),
        )
    )
    order = [Listing.review_tier, Listing.submitted_at, Listing.id]
    return keyset_page(stmt, order, cursor, limit, descending=False)


def _link_problem():
    return Listing.is_public & or_(
        Listing.link_status == "broken", Listing.backlink_ok.is_(False)
    )


def broken_listings(limit: int = 50) -> list[Listing]:
    """Live listings whose link is broken or whose required backlink is missing."""
    stmt = (
        select(Listing)
        .where(_link_problem())
        .options(joinedload(Listing.category))
        .order_by(Listing.link_checked_at.desc(), Listing.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def count_pending_listings() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Listing).where(Listing.status == PENDING)
    )


def count_pending_edits() -> int:
    return pending_edits.count_pending_edits()


def count_broken() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Listing).where(_link_problem())
    )


def count_stale_orders() -> int:
    return orders.count_stale_orders()


def queue_counts() -> dict[str, int]:
    """All four counts in one query (for the admin navigation)."""

    def count(model, clause):
        return select(func.count()).select_from(model).where(clause).scalar_subquery()

    row = db.session.execute(
        select(
            count(Listing, Listing.status == PENDING),
            count(ListingRevision, ListingRevision.status == EDIT_PENDING),
            count(Listing, _link_problem()),
            count(Order, orders.stale_clause()),
        )
    ).one()
    keys = ("listings", "edits", "broken", "orders")
    counts = dict(zip(keys, row, strict=True))
    counts["total"] = sum(row)
    return counts


@dataclass
class ReviewQueue:
    """What `directory/_queue.html` renders: include it with `queue` set to this."""

    pending: Page
    edits: Page
    broken: list[Listing]
    stale_orders: list[Order]
    counts: dict[str, int]
    category_labels: dict[int, str]


def review_queue(cursor: str | None = None, limit: int = 20) -> ReviewQueue:
    """Everything in the directory that waits for an editor."""
    return ReviewQueue(
        pending=pending_listings(cursor, limit),
        edits=pending_edits.pending_edits(limit=limit),
        broken=broken_listings(),
        stale_orders=orders.stale_orders(),
        counts=queue_counts(),
        category_labels=dict(categories.load_tree().options()),
    )
