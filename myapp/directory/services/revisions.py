"""Owners' changes to reviewed listings wait here until an editor decides.

The live listing stays as it was; the revision stores `{field: [before, after]}`
for the changed fields, which the queue shows as a before/after diff.
"""

import json

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from myapp.audit.services import record
from myapp.database import utcnow
from myapp.directory.models import Listing, ListingRevision
from myapp.directory.services import notify
from myapp.directory.services.editing import apply_changes, changed_columns
from myapp.directory.services.editing import check_changes as _check
from myapp.errors import InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize

PENDING_EDIT = "pending"


def propose_edit(actor, listing: Listing, values: dict) -> ListingRevision | None:
    """Queue a change to a reviewed listing; it replaces an earlier pending one."""
    changed = changed_columns(listing, values)
    if not changed:
        return None
    _check(listing, changed)
    db.session.execute(
        update(ListingRevision)
        .where(
            ListingRevision.listing_id == listing.id,
            ListingRevision.status == PENDING_EDIT,
        )
        .values(status="superseded", decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    revision = ListingRevision(
        listing_id=listing.id,
        author_id=actor.id,
        changes=json.dumps(
            {k: [getattr(listing, k), v] for k, v in changed.items()}, default=str
        ),
    )
    db.session.add(revision)
    return revision


def pending_edit_for(listing: Listing) -> ListingRevision | None:
    return db.session.scalar(
        select(ListingRevision).where(
            ListingRevision.listing_id == listing.id,
            ListingRevision.status == PENDING_EDIT,
        )
    )


def get_revision(revision_id: int) -> ListingRevision:
    revision = db.session.get(ListingRevision, revision_id)
    if revision is None:
        raise NotFoundError("No such edit.")
    return revision


def pending_edits(cursor: str | None = None, limit: int = 20) -> Page:
    """Waiting edits, oldest first, with their listings loaded."""
    stmt = (
        select(ListingRevision)
        .where(ListingRevision.status == PENDING_EDIT)
        .options(joinedload(ListingRevision.listing).joinedload(Listing.category))
    )
    return keyset_page(stmt, [ListingRevision.id], cursor, limit, descending=False)


def count_pending_edits() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ListingRevision)
        .where(ListingRevision.status == PENDING_EDIT)
    )


def _decide(actor, revision: ListingRevision, status: str, reason: str) -> None:
    authorize(actor, "listing.review")
    if revision.status != PENDING_EDIT:
        raise StateError(f"This edit was already {revision.status}.")
    revision.status = status
    revision.reason = reason
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.id


def approve_edit(actor, revision: ListingRevision) -> Listing:
    """Apply the proposed values to the live listing."""
    _decide(actor, revision, "approved", "")
    listing = revision.listing
    apply_changes(listing, {k: after for k, (_, after) in revision.diff.items()})
    record(actor, "listing.edit_approve", listing, ", ".join(revision.diff))
    notify.edit_reviewed(listing, revision)
    db.session.commit()
    return listing


def reject_edit(actor, revision: ListingRevision, reason: str) -> ListingRevision:
    """Drop the proposed values; the owner is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Give a reason; the owner will see it.", field="reason")
    _decide(actor, revision, "rejected", reason[:500])
    record(actor, "listing.edit_reject", revision.listing, reason)
    notify.edit_reviewed(revision.listing, revision)
    db.session.commit()
    return revision
