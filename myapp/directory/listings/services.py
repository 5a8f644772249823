"""Listings: submission, owners' and editors' edits, pages and lists."""

import logging

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import joinedload

from myapp.audit.services import record
from myapp.database import unit_of_work, utcnow
from myapp.directory import notify
from myapp.directory.billing import orders
from myapp.directory.catalogue import categories
from myapp.directory.catalogue.plans import plan_for_submission
from myapp.directory.details.models import index_hours
from myapp.directory.listings import (
    actions,
    filtering,
    lifecycle,
    pending_edits,
    search,
)
from myapp.directory.listings.field_rules import (
    apply_changes,
    category_for,
    changed_columns,
    columns_from,
    normalise_url,
    refuse_duplicate,
)
from myapp.directory.listings.slugs import unique_listing_slug
from myapp.directory.models import APPROVED, EXPIRED, Listing, Order
from myapp.directory.trust import duplicates
from myapp.errors import ConflictError, NotFoundError, StateError, Unauthorized
from myapp.extensions import db
from myapp.page_cache import shows
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, can, ensure_visible

log = logging.getLogger(__name__)
SLUG_ATTEMPTS = 10
PUBLIC_ORDER = [Listing.featured, Listing.published_at, Listing.id]


@unit_of_work
def submit_listing(actor, data: dict) -> tuple[Listing, Order | None]:
    """File a new listing: free ones wait for review, paid ones for payment."""
    authorize(actor, "listing.submit")
    values = columns_from(data)
    category_for(values["category_id"])
    url_key = normalise_url(values["url"])
    refuse_duplicate(url_key, owner_id=actor.id)
    hints = duplicates.find_duplicates(values)
    if hints and data.get("check_duplicates") and not data.get("duplicate_note"):
        raise duplicates.LooksLikeDuplicate(hints, actor.id)
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        plan = plan_for_submission(data["plan"])  # loaded afresh after a rollback
        try:
            listing, order = _file_listing(actor, plan, values, url_key)
            duplicates.remember(listing)
            duplicates.store_hints(listing, hints, data.get("duplicate_note", ""))
        except IntegrityError as exc:
            db.session.rollback()
            # Same name sent at the same moment: the other one took the slug,
            # which the next attempt sees; a taken URL is a real duplicate.
            if "url_key" in str(exc.orig) or attempt == SLUG_ATTEMPTS:
                raise _conflict(exc) from exc
        else:
            return listing, order
    raise AssertionError("unreachable")


def submission_rate_limit() -> str:
    """The per-client limit on submissions, the form and the API alike."""
    return current_app.config["SUBMISSION_RATE_LIMIT"]


def _file_listing(actor, plan, values: dict, url_key: str):
    """Insert the listing (and its order); the action commits them together."""
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
    db.session.flush()  # a taken slug or URL raises here, inside the retry loop
    index_hours([listing])
    notify.submission_received(listing, order)  # an outbox row in this transaction
    return listing, order


def _conflict(exc: IntegrityError) -> ConflictError:
    if "url_key" in str(exc.orig):
        return ConflictError("This site is already in the directory.", field="url")
    return ConflictError(
        "A listing with this name was added at the same moment; send it again.",
        field="name",
    )


@unit_of_work
def update_listing(actor, listing: Listing, data: dict):
    """Edit a listing; returns (listing, pending revision or None, order or None).

    Editors and owners of listings not yet reviewed change it directly; an
    owner's change to a reviewed listing waits for review. A new plan is an
    upgrade order that takes effect once paid. The edit and the order are one
    action: a refused plan stores no edit either.
    """
    authorize(actor, "listing.edit", listing)
    if not actions.may_edit(actor, listing):
        raise StateError("A rejected listing cannot be edited; submit the site again.")
    values = changed_columns(listing, columns_from(data))
    revision, order = None, None
    try:
        if actions.edit_waits_for_review(actor, listing):
            revision = pending_edits.propose_edit(actor, listing, values)
            if revision is not None:
                record(actor, "listing.edit_submit", listing, ", ".join(sorted(values)))
        else:
            apply_changes(listing, values)
            if can(actor, "listing.review") and values:
                record(actor, "listing.edit", listing, ", ".join(sorted(values)))
        if data.get("plan") and data["plan"] != listing.plan.code:
            order = orders.start_upgrade(actor, listing, data["plan"])
        db.session.flush()
    except IntegrityError as exc:
        raise _conflict(exc) from exc
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
    shows("index:listings", *(["search"] if q else []))
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


def find_listings(viewer, query: dict) -> Page:
    """The listings a viewer may list (ListingQuery data): live ones for anyone,
    filtered by category and featured; with `mine` the viewer's own in any
    state; with another `status` (editors) everyone's in that state."""
    cursor, limit, q = query.get("cursor"), query.get("limit", 20), query.get("q")
    status = query.get("status")
    if query.get("mine"):
        if viewer is None:
            raise Unauthorized("Send a token to list your own listings.")
        return browse_listings(viewer, status, True, cursor, limit, q)
    if status not in (None, APPROVED):
        return browse_listings(viewer, status, False, cursor, limit, q)
    category_ids = categories.subtree_by_ref(query.get("category"))
    return filtering.search_listings(query, category_ids, limit)


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


def link_rel(listing: Listing) -> str:
    """The rel of a link to the listed site: paid ones are sponsored, free ones
    are not endorsed (nofollow)."""
    return "sponsored noopener" if listing.plan.is_paid else "nofollow noopener"


def public_listing(listing_id: int) -> Listing:
    """A live listing by id, or a 404 for anything a reader may not follow."""
    listing = db.session.get(Listing, listing_id)
    if listing is None or not listing.is_public:
        raise NotFoundError("This listing is not in the directory.")
    return listing


def follow_link(listing_id: int, method: str, user_agent: str | None) -> Listing:
    """The public listing behind `/go/<id>`, its click counted.

    Counting never stops the reader: if it fails it is logged and rolled back.
    """
    from myapp.stats.counting import is_countable  # stats reads the directory

    listing = public_listing(listing_id)
    if is_countable(method, user_agent):
        try:
            count_click(listing.id)
        except SQLAlchemyError:
            log.exception("Could not count a click on listing %s", listing_id)
    return listing


@unit_of_work
def count_click(listing_id: int) -> None:
    """Today's click count and the listing's total, in one transaction."""
    from myapp.stats.counting import upsert_statement  # stats reads the directory

    db.session.execute(
        upsert_statement("listing_click", listing_id).execution_options(
            page_cache="keep"
        )
    )
    db.session.execute(
        update(Listing)
        .where(Listing.id == listing_id)
        .values(click_count=Listing.click_count + 1)
        # A click total is not worth re-rendering every cached page for.
        .execution_options(synchronize_session=False, page_cache="keep")
    )
