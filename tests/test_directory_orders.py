"""Order rules without HTTP: prices, payment, renewal, upgrade, cancelling."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.database import utcnow
from myapp.directory.billing import orders
from myapp.directory.listings import review
from myapp.directory.models import Order
from myapp.errors import ConflictError, InvalidInput, PermissionDenied, StateError
from myapp.extensions import db
from tests.factories import mail_about, make_listing, make_plans


def test_order_copies_price_and_has_a_human_reference():
    listing = make_listing(plan="featured", status="awaiting_payment")
    [order] = db.session.scalars(select(Order)).all()
    assert (order.amount_cents, order.currency, order.kind) == (
        14900,
        "EUR",
        "submission",
    )
    assert order.reference == f"LP-{order.created_at.year}-{order.id:06d}"
    assert len(order.reference.split("-")[2]) == 6
    make_plans()["featured"].price_cents = 1
    db.session.commit()
    db.session.refresh(order)
    assert order.amount_cents == 14900
    assert listing.status == "awaiting_payment"


def test_mark_paid_moves_submission_to_queue_and_is_audited(admin, outbox):
    listing = make_listing(plan="standard", status="awaiting_payment")
    order = db.session.scalar(select(Order))
    orders.mark_paid(admin, order, "Bank ref 42")
    assert order.status == "paid" and order.paid_via == "manual"
    assert listing.status == "pending" and listing.review_tier == 0
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "order.mark_paid")
    )
    assert entry.actor_id == admin.id and "Bank ref 42" in entry.detail
    assert mail_about(outbox, "Payment received")
    with pytest.raises(StateError, match="already paid"):
        orders.mark_paid(admin, order)


def test_only_admins_mark_paid(editor):
    make_listing(plan="standard", status="awaiting_payment")
    with pytest.raises(PermissionDenied):
        orders.mark_paid(editor, db.session.scalar(select(Order)))


def test_renewal_before_expiry_extends_from_the_current_end(admin):
    listing = make_listing(plan="standard", status="approved")
    end = (utcnow() + timedelta(days=10)).replace(microsecond=0)  # MySQL: seconds
    listing.expires_at = end
    db.session.commit()
    order = orders.start_renewal(listing.owner, listing)
    assert order.kind == "renewal" and order.amount_cents == 4900
    assert orders.start_renewal(listing.owner, listing).id == order.id  # same one
    orders.mark_paid(admin, order)
    assert listing.expires_at == end + timedelta(days=365)
    assert listing.status == "approved"


def test_renewal_after_expiry_starts_from_payment(admin):
    listing = make_listing(plan="standard", status="expired")
    order = orders.start_renewal(listing.owner, listing)
    before = utcnow().replace(microsecond=0)  # MySQL keeps seconds
    orders.mark_paid(admin, order)
    assert listing.status == "approved" and listing.is_public
    assert listing.expires_at >= before + timedelta(days=365)
    assert (
        db.session.get(type(listing.category), listing.category_id).listing_count == 1
    )


def test_free_listings_and_suspended_ones_cannot_be_renewed():
    with pytest.raises(StateError, match="never expires"):
        listing = make_listing(plan="free")
        orders.start_renewal(listing.owner, listing)
    suspended = make_listing(plan="standard", status="suspended")
    with pytest.raises(StateError, match="suspended cannot be renewed"):
        orders.start_renewal(suspended.owner, suspended)


def test_upgrade_takes_effect_only_when_paid(admin):
    listing = make_listing(plan="free", status="approved")
    order = orders.start_upgrade(listing.owner, listing, "featured")
    db.session.refresh(listing)
    assert listing.plan.code == "free" and not listing.featured
    assert listing.expires_at is None
    orders.mark_paid(admin, order)
    assert listing.plan.code == "featured" and listing.featured
    assert listing.expires_at > utcnow() + timedelta(days=364)
    with pytest.raises(InvalidInput):
        orders.start_upgrade(listing.owner, listing, "standard")


def test_upgrade_of_a_pending_listing_moves_it_up_the_queue(admin):
    early = make_listing(plan="free", status="pending")
    late = make_listing(plan="free", status="pending")
    orders.mark_paid(admin, orders.start_upgrade(late.owner, late, "standard"))
    assert [x.id for x in review.pending_listings().items] == [late.id, early.id]
    assert late.expires_at is None  # the term starts on approval


def test_one_unpaid_renewal_or_upgrade_at_a_time():
    listing = make_listing(plan="standard", status="approved")
    orders.start_renewal(listing.owner, listing)
    with pytest.raises(ConflictError, match="still waiting"):
        orders.start_upgrade(listing.owner, listing, "featured")


def test_cancelling_an_unpaid_submission_rejects_the_listing(admin, outbox):
    listing = make_listing(plan="standard", status="awaiting_payment")
    order = db.session.scalar(select(Order))
    orders.cancel_order(admin, order, "No payment after 30 days")
    assert order.status == "cancelled" and order.note == "No payment after 30 days"
    assert listing.status == "rejected"
    assert "No payment" in listing.status_reason
    assert mail_about(outbox, "was not accepted")
