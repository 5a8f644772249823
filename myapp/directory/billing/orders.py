"""Orders: what a member owes for a submission, renewal or upgrade, and paying it.

Amount and currency are copied from the plan when the order is made, so a
later price change never alters an order. Paying an order applies its effect
to the listing in the same transaction (see `settle`).
"""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from myapp.audit.services import record
from myapp.database import unit_of_work, utcnow
from myapp.directory import notify
from myapp.directory.catalogue.plans import list_plans, plan_for_submission
from myapp.directory.listings import lifecycle
from myapp.directory.models import APPROVED, Listing, Order, Plan
from myapp.directory.vocabulary import (
    CANCELLED,
    PAID,
    RENEWAL,
    SUBMISSION,
    UNPAID,
    UPGRADE,
)
from myapp.errors import ConflictError, InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, can, ensure_visible
from myapp.webhooks import events

STALE_AFTER = timedelta(days=7)


def add_order(listing: Listing, plan: Plan, kind: str) -> Order:
    """Add (the caller commits) an order priced from the plan as it is now."""
    order = Order(
        user_id=listing.owner_id,
        listing=listing,
        plan=plan,
        kind=kind,
        amount_cents=plan.price_cents,
        currency=plan.currency,
    )
    db.session.add(order)
    db.session.flush()
    order.reference = f"LP-{order.created_at.year}-{order.id:06d}"
    return order


def _open_order(listing: Listing, plan: Plan, kind: str) -> Order:
    """One unpaid renewal/upgrade at a time; asking again returns the same one."""
    waiting = db.session.scalar(
        select(Order).where(
            Order.listing_id == listing.id,
            Order.status == UNPAID,
            Order.kind.in_((RENEWAL, UPGRADE)),
        )
    )
    if waiting is not None:
        if waiting.kind == kind and waiting.plan_id == plan.id:
            return waiting
        raise ConflictError(
            f"Order {waiting.reference} is still waiting for payment; pay it or "
            "ask us to cancel it first.",
            field="plan",
        )
    order = add_order(listing, plan, kind)
    db.session.flush()  # the e-mail names the order's reference
    notify.order_created(order)
    return order


def renewal_refusal(listing: Listing) -> str | None:
    """Why the listing cannot be renewed now, or None if it can."""
    plan = listing.plan
    if not plan.is_paid or not plan.duration_days:
        return "This listing's plan never expires; there is nothing to renew."
    if not plan.active:
        return "This plan is no longer offered; choose another plan."
    return lifecycle.refusal(listing, "renew")


def upgrade_plans(listing: Listing, offered: list[Plan] | None = None) -> list[Plan]:
    """The plans offered that are an upgrade: paid and priced above the current."""
    offered = list_plans() if offered is None else offered
    return [
        p for p in offered if p.is_paid and p.price_cents > listing.plan.price_cents
    ]


@unit_of_work
def start_renewal(actor, listing: Listing) -> Order:
    """Order another term of the listing's plan (extends from the current end)."""
    authorize(actor, "listing.renew", listing)
    if refusal := renewal_refusal(listing):
        raise StateError(refusal)
    return _open_order(listing, listing.plan, RENEWAL)


@unit_of_work
def start_upgrade(actor, listing: Listing, plan_code: str) -> Order:
    """Order a better plan; it takes effect only when the order is paid."""
    authorize(actor, "listing.renew", listing)
    plan = plan_for_submission(plan_code)
    if plan.id == listing.plan_id:
        raise InvalidInput("The listing already has this plan.", field="plan")
    if not plan.is_paid or plan.price_cents <= listing.plan.price_cents:
        raise InvalidInput("Choose a plan above the current one.", field="plan")
    lifecycle.check(listing, "upgrade")
    return _open_order(listing, plan, UPGRADE)


@unit_of_work
def renew_or_upgrade(actor, listing: Listing, plan_code: str | None = None) -> Order:
    """Another term of the same plan, or with another plan an upgrade order."""
    if plan_code and plan_code != listing.plan.code:
        return start_upgrade(actor, listing, plan_code)
    return start_renewal(actor, listing)


SETTLES_BY = {SUBMISSION: "pay", RENEWAL: "renew", UPGRADE: "upgrade"}


def check_payable(order: Order) -> None:
    """Raise before anything changes if this order cannot be paid now."""
    if order.status != UNPAID:
        raise StateError(f"Order {order.reference} is already {order.status}.")
    if (
        order.kind != "submission"
        and order.plan.is_paid
        and not order.plan.duration_days
    ):
        raise StateError(f"The plan of order {order.reference} has no duration.")
    lifecycle.check(order.listing, SETTLES_BY[order.kind])


def settle(order: Order, actor, via: str, note: str = "") -> None:
    """Mark the order paid and apply its effect to the listing (caller commits).

    Every check runs before the first change, so a refusal leaves nothing
    half-done in the session.
    """
    check_payable(order)
    now, listing, plan = utcnow(), order.listing, order.plan
    order.status, order.paid_at, order.paid_via = PAID, now, via
    order.note = (note or order.note or "")[:500]
    reason = f"Order {order.reference} paid ({via})"
    events.order_paid(order)
    if order.kind == SUBMISSION:
        lifecycle.apply(listing, "pay", actor, reason)
    elif order.kind == RENEWAL:
        start = max(listing.expires_at or now, now)
        listing.expires_at = start + timedelta(days=plan.duration_days)
        lifecycle.apply(listing, "renew", actor, reason)
    else:
        lifecycle.apply(listing, "upgrade", actor, f"{reason}: plan {plan.code}")
        listing.plan = plan
        listing.featured = int(plan.featured)
        listing.review_tier = 0 if plan.priority_review else 1
        if listing.status == APPROVED:  # a pending one gets its term on approval
            term_end = now + timedelta(days=plan.duration_days)
            listing.expires_at = max(listing.expires_at or term_end, term_end)


def _locked(order_id: int) -> Order:
    """The order, re-read under a row lock so two payments cannot both apply."""
    order = db.session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFoundError("No such order.")
    return order


@unit_of_work
def mark_paid(actor, order: Order, note: str = "") -> Order:
    """An admin records a bank transfer or cash payment."""
    authorize(actor, "order.mark_paid")
    order = _locked(order.id)
    settle(order, actor, "manual", note)
    record(actor, "order.mark_paid", order, f"{order.reference}: {note}".strip())
    notify.payment_received(order)
    return order


@unit_of_work
def cancel_order(actor, order: Order, reason: str) -> Order:
    """Cancel an unpaid order; an unpaid submission's listing is rejected."""
    authorize(actor, "order.cancel")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Give a reason; the member will see it.", field="reason")
    order = _locked(order.id)
    if order.status != UNPAID:
        raise StateError(f"Order {order.reference} is already {order.status}.")
    rejected = order.kind == SUBMISSION and lifecycle.can_apply(order.listing, "reject")
    if rejected:
        lifecycle.apply(
            order.listing, "reject", actor, f"Order {order.reference}: {reason}"
        )
    order.status, order.note = CANCELLED, reason[:500]
    record(actor, "order.cancel", order, f"{order.reference}: {reason}")
    if rejected:
        notify.rejected(order.listing)
    else:  # a renewal or upgrade: the listing stays, the member hears why
        notify.order_cancelled(order)
    return order


def get_order(order_id: int, viewer) -> Order:
    order = db.session.get(Order, order_id)
    ensure_visible(viewer, "order.view", order)
    return order


def get_order_by_reference(reference: str, viewer) -> Order:
    order = db.session.scalar(select(Order).where(Order.reference == reference))
    ensure_visible(viewer, "order.view", order)
    return order


def list_orders(
    viewer, status=None, cursor=None, limit=20, mine=False, listing_id=None
) -> Page:
    """Everyone's orders for admins (unless `mine`), otherwise the viewer's own."""
    stmt = select(Order).options(
        joinedload(Order.listing), joinedload(Order.plan), joinedload(Order.user)
    )
    if mine or not can(viewer, "order.list_all"):
        stmt = stmt.where(Order.user_id == viewer.id)
    if status:
        stmt = stmt.where(Order.status == status)
    if listing_id:
        stmt = stmt.where(Order.listing_id == listing_id)
    return keyset_page(stmt, [Order.id], cursor, limit)


def stale_clause():
    return (Order.status == UNPAID) & (Order.created_at < utcnow() - STALE_AFTER)


def count_stale_orders() -> int:
    """Unpaid orders older than seven days (for the moderation inbox)."""
    return db.session.scalar(
        select(func.count()).select_from(Order).where(stale_clause())
    )


def stale_orders(limit: int = 20) -> list[Order]:
    stmt = (
        select(Order)
        .where(stale_clause())
        .options(joinedload(Order.listing), joinedload(Order.user))
        .order_by(Order.created_at, Order.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
