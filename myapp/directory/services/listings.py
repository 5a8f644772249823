"""Listings: submission, owners' and editors' edits, pages and lists."""

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from myapp.audit.services import record
from myapp.database import utcnow
from myapp.directory.models import (
    APPROVED,
    AWAITING_PAYMENT,
    EXPIRED,
    PENDING,
    REJECTED,
    Listing,
    Order,
)
from myapp.directory.services import lifecycle, notify, orders, revisions, search
from myapp.directory.services.editing import (
    apply_changes,
    category_for,
    changed_columns,
    columns_from,
    normalise_url,
    refuse_duplicate,
)
from myapp.directory.services.plans import plan_for_submission
from myapp.directory.services.slugs import unique_listing_slug
from myapp.errors import ConflictError, NotFoundError, StateError
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, can, ensure_visible

SLUG_ATTEMPTS = 10
PUBLIC_ORDER = [Listing.featured, Listing.published_at, Listing.id]


def submit_listing(actor, data: dict) -> tuple[Listing, Order | None]:
    """File a new listing: free ones wait for review, paid ones for payment."""
    authorize(actor, "listing.submit")
    values = columns_from(data)
    category_for(values["category_id"])
    url_key = normalise_url(values["url"])
    refuse_duplicate(url_key)
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        plan = plan_for_submission(data["plan"])  # loaded afresh after a rollback
        try:
            listing, order = _file_listing(actor, plan, values, url_key)
        except IntegrityError as exc:
            db.session.rollback()
            # Same name sent at the same moment: the other one took the slug,
            # which the next attempt sees; a taken URL is a real duplicate.
            if "url_key" in str(exc.orig) or attempt == SLUG_ATTEMPTS:
                raise _conflict(exc) from exc
        else:
            return listing, order
    raise AssertionError("unreachable")


def _file_listing(actor, plan, values: dict, url_key: str):
    """Insert the listing (and its order) in one transaction."""
    listing = Listing(
        owner_id=actor.id,
        plan=plan,
        slug=unique_listing_slug(values["name"]),
        url_key=url_key,
        **values,
    )
    db.session.add(listing)
    lifecycle.apply(listing, "submit_paid" if plan.is_paid else "submit", actor)
    order = orders.add_order(listing, plan, "submission") if plan.is_paid else None
    search.index_listings([listing.id])
    notify.submission_received(listing, order)  # an outbox row in this transaction
    db.session.commit()
    return listing, order


def _conflict(exc: IntegrityError) -> ConflictError:
    if "url_key" in str(exc.orig):
        return ConflictError("This site is already in the directory.", field="url")
    return ConflictError(
        "A listing with this name was added at the same moment; send it again.",
        field="name",
    )


def update_listing(actor, listing: Listing, data: dict):
    """Edit a listing; returns (listing, pending revision or None, order or None).

    Editors and owners of listings not yet reviewed change it directly; an
    owner's change to a reviewed listing waits for review. A new plan is an
    upgrade order that takes effect once paid.
    """
    authorize(actor, "listing.edit", listing)
    editor = can(actor, "listing.review")
    if listing.status == REJECTED and not editor:
        raise StateError("A rejected listing cannot be edited; submit the site again.")
    values = changed_columns(listing, columns_from(data))
    revision = None
    try:
        if editor or listing.status in (AWAITING_PAYMENT, PENDING):
            apply_changes(listing, values)
            if editor and values:
                record(actor, "listing.edit", listing, ", ".join(sorted(values)))
        else:
            revision = revisions.propose_edit(actor, listing, values)
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise _conflict(exc) from exc
    order = None
    if data.get("plan") and data["plan"] != listing.plan.code:
        order = orders.start_upgrade(actor, listing, data["plan"])
    return listing, revision, order


def get_listing(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise NotFoundError("No such listing.")
    return listing


def get_visible_listing(listing_id: int, viewer) -> Listing:
    """A listing the viewer may see (public, their own, or any for editors)."""
    listing = db.session.get(Listing, listing_id)
    ensure_visible(viewer, "listing.view", listing)
    return listing


def get_listing_page(slug: str, viewer) -> Listing:
    """The listing for its page; expired ones are returned for the 410 notice."""
    listing = db.session.scalar(
        select(Listing)
        .where(Listing.slug == slug)
        .options(joinedload(Listing.plan), joinedload(Listing.category))
    )
    if listing is not None and listing.is_expired:
        return listing
    ensure_visible(viewer, "listing.view", listing)
    return listing


def public_listings(
    category_ids=None, cursor=None, limit=20, featured=None, q=None
) -> Page:
    """Live listings, featured first, then newest (for pages and the API)."""
    stmt = (
        select(Listing)
        .where(Listing.is_public)
        .options(joinedload(Listing.plan), joinedload(Listing.category))
    )
    if category_ids is not None:
        stmt = stmt.where(Listing.category_id.in_(category_ids))
    if featured is not None:
        stmt = stmt.where(Listing.featured == int(featured))
    stmt = search.matching(stmt, q)
    return keyset_page(stmt, PUBLIC_ORDER, cursor, limit)


def browse_listings(viewer, status=None, mine=False, cursor=None, limit=20, q=None):
    """Listings in any state, newest first: one's own (`mine`), or for editors
    everyone's; `status` narrows them ("expired" includes lapsed ones)."""
    if not mine:
        authorize(viewer, "listing.review")
    stmt = select(Listing).options(
        joinedload(Listing.plan), joinedload(Listing.category)
    )
    if mine:
        stmt = stmt.where(Listing.owner_id == viewer.id)
    if status == EXPIRED:
        stmt = stmt.where(or_(Listing.status == EXPIRED, Listing.is_lapsed))
    elif status == APPROVED:
        stmt = stmt.where(Listing.is_public)
    elif status:
        stmt = stmt.where(Listing.status == status)
    stmt = search.matching(stmt, q)
    return keyset_page(stmt, [Listing.id], cursor, limit)


def next_expiry():
    """When the next live listing reaches its end (None if none will)."""
    return db.session.scalar(
        select(func.min(Listing.expires_at)).where(
            Listing.status == APPROVED, Listing.expires_at > utcnow()
        )
    )


def count_click(listing_id: int) -> None:
    """Add one to the listing's click total, atomically."""
    db.session.execute(
        update(Listing)
        .where(Listing.id == listing_id)
        .values(click_count=Listing.click_count + 1)
        # A click total is not worth re-rendering every cached page for.
        .execution_options(synchronize_session=False, page_cache="keep")
    )
    db.session.commit()
