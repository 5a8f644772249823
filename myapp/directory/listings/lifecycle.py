"""The listing state machine: one table of allowed moves, and `apply` to make one.

    new ──submit──────────────► pending ──approve──► approved ──expire──► expired
    new ──submit_paid─► awaiting_payment ──pay──┘      │  ▲  ▲               │
          awaiting_payment / pending ──reject──► rejected  │  └──renew────────┘
                                approved ──suspend──► suspended ──reinstate─┘

`renew` and `upgrade` of a live listing keep its status but are recorded all
the same. Every move writes a ListingEvent and an audit entry (actor and
reason) in the caller's transaction; anything else raises StateError.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from myapp.audit.services import record
from myapp.database import utcnow
from myapp.directory.catalogue.categories import adjust_count
from myapp.directory.models import (
    APPROVED,
    AWAITING_PAYMENT,
    EXPIRED,
    PENDING,
    REJECTED,
    SUSPENDED,
    Listing,
    ListingEvent,
    Order,
)
from myapp.directory.vocabulary import UNPAID
from myapp.errors import InvalidInput, StateError
from myapp.extensions import db

NEW = None  # a listing being created has no status yet


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str | None  # None: the status stays (renewing or upgrading in place)
    verb: str
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({NEW}), PENDING, "submitted"),
        Transition("submit_paid", frozenset({NEW}), AWAITING_PAYMENT, "submitted"),
        Transition("pay", frozenset({AWAITING_PAYMENT}), PENDING, "paid for"),
        Transition("approve", frozenset({PENDING}), APPROVED, "approved"),
        Transition(
            "reject",
            frozenset({PENDING, AWAITING_PAYMENT}),
            REJECTED,
            "rejected",
            needs_reason=True,
        ),
        Transition(
            "suspend", frozenset({APPROVED}), SUSPENDED, "suspended", needs_reason=True
        ),
        Transition("reinstate", frozenset({SUSPENDED}), APPROVED, "reinstated"),
        Transition("expire", frozenset({APPROVED}), EXPIRED, "expired"),
        Transition("renew", frozenset({APPROVED, EXPIRED}), APPROVED, "renewed"),
        Transition("upgrade", frozenset({PENDING, APPROVED}), None, "upgraded"),
    )
}


def current_state(listing: Listing, action: str | None = None) -> str | None:
    """The status transitions start from: a lapsed listing counts as expired."""
    if action != "expire" and listing.status == APPROVED and listing.is_lapsed:
        return EXPIRED
    return listing.status


def can_apply(listing: Listing, action: str) -> bool:
    return current_state(listing, action) in TRANSITIONS[action].sources


def refusal(listing: Listing, action: str) -> str | None:
    """Why `action` is not allowed from the listing's state, or None if it is."""
    transition = TRANSITIONS[action]
    state = current_state(listing, action)
    return None if state in transition.sources else _refusal(state, transition)


def check(listing: Listing, action: str) -> None:
    """Raise StateError unless `action` is allowed from the listing's state."""
    if message := refusal(listing, action):
        raise StateError(message)


def apply(listing: Listing, action: str, actor=None, reason: str = "") -> ListingEvent:
    """Make one transition, or raise StateError if the table does not allow it."""
    transition = TRANSITIONS[action]
    if current_state(listing, action) != listing.status:
        apply(listing, "expire", None, "The listing's term ended.")
    check(listing, action)
    source = listing.status
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise InvalidInput("Give a reason; the owner will see it.", field="reason")
    target = transition.target or source
    _count(listing, source, target)
    listing.status = target
    EFFECTS.get(action, _nothing)(listing, reason, utcnow())
    if listing.id is None:
        db.session.flush()
    event = ListingEvent(
        listing_id=listing.id,
        action=action,
        from_status=source,
        to_status=target,
        actor_id=getattr(actor, "id", None),
        reason=reason[:500],
    )
    db.session.add(event)
    detail = f"{source or 'new'} → {target}" + (f": {reason}" if reason else "")
    record(actor, f"listing.{action}", listing, detail)
    return event


def _refusal(source: str | None, transition: Transition) -> str:
    if source is NEW:
        return f"A new listing cannot be {transition.verb} before it is submitted."
    state = source.replace("_", " ")
    return f"A listing that is {state} cannot be {transition.verb}."


def _count(listing: Listing, source: str | None, target: str) -> None:
    """Keep the category's approved count in step with the status."""
    if source != APPROVED and target == APPROVED:
        adjust_count(listing.category_id, 1)
    elif source == APPROVED and target != APPROVED:
        adjust_count(listing.category_id, -1)


def _nothing(listing: Listing, reason: str, now: datetime) -> None:
    pass


def _enter_queue(listing: Listing, reason: str, now: datetime) -> None:
    listing.submitted_at = now
    listing.review_tier = 0 if listing.plan.priority_review else 1


def _approve(listing: Listing, reason: str, now: datetime) -> None:
    listing.published_at = listing.published_at or now
    listing.featured = int(listing.plan.featured)
    listing.status_reason = ""
    if listing.expires_at is None and listing.plan.duration_days:
        listing.expires_at = now + timedelta(days=listing.plan.duration_days)


def _reject(listing: Listing, reason: str, now: datetime) -> None:
    listing.status_reason = reason
    listing.url_key = None  # the site may be submitted again
    db.session.execute(
        update(Order)
        .where(Order.listing_id == listing.id, Order.status == UNPAID)
        .values(status="cancelled", note="Listing rejected.")
        .execution_options(synchronize_session=False)
    )


def _suspend(listing: Listing, reason: str, now: datetime) -> None:
    listing.status_reason = reason


def _clear_reason(listing: Listing, reason: str, now: datetime) -> None:
    listing.status_reason = ""


EFFECTS = {
    "submit": _enter_queue,
    "submit_paid": _nothing,
    "pay": _enter_queue,
    "approve": _approve,
    "reject": _reject,
    "suspend": _suspend,
    "reinstate": _clear_reason,
    "renew": _clear_reason,
}
