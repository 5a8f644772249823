"""Owners' changes to reviewed listings wait here until an editor decides.

The live listing stays as it was; the revision stores `{field: [before, after]}`
for the changed fields, which the queue shows as a before/after diff.
"""

import json

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from myapp.audit.services import record
from myapp.database import unit_of_work, utcnow
from myapp.directory import notify
from myapp.directory.listings.field_rules import apply_changes, changed_columns
from myapp.directory.listings.field_rules import check_changes as _check
from myapp.directory.models import Listing, ListingRevision
from myapp.directory.vocabulary import (
    EDIT_APPROVED,
    EDIT_PENDING,
    EDIT_REJECTED,
    EDIT_SUPERSEDED,
)
from myapp.errors import InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize


def propose_edit(actor, listing: Listing, values: dict) -> ListingRevision | None:
    """Queue a change to a reviewed listing; it replaces an earlier pending one."""
    changed = changed_columns(listing, values)
    if not changed:
        return None
    _check(listing, changed)
    # Images proposed earlier (media/listings.py) stay proposed beside new text.
    earlier = pending_changes(listing) or {}
    carried = {k: v for k, v in earlier.items() if k == "images"}
    db.session.execute(
        update(ListingRevision)
        .where(
            ListingRevision.listing_id == listing.id,
            ListingRevision.status == EDIT_PENDING,
        )
        .values(status=EDIT_SUPERSEDED, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    revision = ListingRevision(
        listing_id=listing.id,
        author_id=actor.id,
        changes=json.dumps(
            carried | {k: [getattr(listing, k), v] for k, v in changed.items()},
            default=str,
        ),
    )
    db.session.add(revision)
    return revision


def pending_edit_for(listing: Listing) -> ListingRevision | None:
    return db.session.scalar(
        select(ListingRevision).where(
            ListingRevision.listing_id == listing.id,
            ListingRevision.status == EDIT_PENDING,
        )
    )


def pending_changes(listing: Listing) -> dict | None:
    """The waiting change as {field: [before, after]}, or None."""
    edit = pending_edit_for(listing)
    return edit.diff if edit else None


def get_revision(revision_id: int) -> ListingRevision:
    revision = db.session.get(ListingRevision, revision_id)
    if revision is None:
        raise NotFoundError("No such edit.")
    return revision


def pending_edits(cursor: str | None = None, limit: int = 20) -> Page:
    """Waiting edits, oldest first, with their listings loaded."""
    stmt = (
        select(ListingRevision)
        .where(ListingRevision.status == EDIT_PENDING)
        .options(joinedload(ListingRevision.listing).joinedload(Listing.category))
    )
    return keyset_page(stmt, [ListingRevision.id], cursor, limit, descending=False)


def count_pending_edits() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ListingRevision)
        .where(ListingRevision.status == EDIT_PENDING)
    )


def _decide(actor, revision: ListingRevision, status: str, reason: str) -> None:
    authorize(actor, "listing.review")
    if revision.status != EDIT_PENDING:
        raise StateError(f"This edit was already {revision.status}.")
    revision.status = status
    revision.reason = reason
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.id


def decide_edit(actor, revision: ListingRevision, action: str, reason: str = ""):
    """Approve or reject a pending edit (one of EDIT_DECISIONS)."""
    if action == "approve":
        return approve_edit(actor, revision)
    return reject_edit(actor, revision, reason)


@unit_of_work
def approve_edit(actor, revision: ListingRevision) -> Listing:
    """Apply the proposed values to the live listing."""
    _decide(actor, revision, EDIT_APPROVED, "")
    listing = revision.listing
    values = {k: after for k, (_, after) in revision.diff.items()}
    images = values.pop("images", None)
    apply_changes(listing, values)
    if images is not None:
        from myapp.media.listings import apply_images  # media builds on listings

        apply_images(listing, images)
    record(actor, "listing.edit_approve", listing, ", ".join(revision.diff))
    notify.edit_reviewed(listing, revision)
    return listing


@unit_of_work
def reject_edit(actor, revision: ListingRevision, reason: str) -> ListingRevision:
    """Drop the proposed values; the owner is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Give a reason; the owner will see it.", field="reason")
    _decide(actor, revision, EDIT_REJECTED, reason[:500])
    record(actor, "listing.edit_reject", revision.listing, reason)
    notify.edit_reviewed(revision.listing, revision)
    return revision
