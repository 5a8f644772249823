"""The listing state machine: every allowed transition, and every refused one."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.database import utcnow
from myapp.directory.listings import lifecycle
from myapp.directory.listings.lifecycle import NEW, TRANSITIONS
from myapp.directory.models import LISTING_STATUSES, Category, Listing, ListingEvent
from myapp.errors import InvalidInput, StateError
from myapp.extensions import db
from tests.factories import make_listing, make_user

STATES = (NEW, *LISTING_STATUSES)


def listing_in(state):
    """A listing in `state` (NEW: built but never submitted)."""
    if state is NEW:
        return Listing(name="New", status=None)
    plan = "standard" if state == "awaiting_payment" else "free"
    return make_listing(plan=plan, status=state)


# Submitting a new listing (the two moves out of NEW) goes through
# submit_listing and is tested below with the rest of what it does.
CASES = [
    (action, state, state in transition.sources)
    for action, transition in TRANSITIONS.items()
    for state in STATES
    if not (state is NEW and state in transition.sources)
]


@pytest.mark.parametrize(
    "action,state,allowed",
    CASES,
    ids=[f"{a}-from-{s or 'new'}-{'ok' if ok else 'refused'}" for a, s, ok in CASES],
)
def test_transition_table(action, state, allowed):
    listing = listing_in(state)
    before = db.session.scalar(select(db.func.count()).select_from(ListingEvent))
    if not allowed:
        with pytest.raises(StateError) as excinfo:
            lifecycle.apply(listing, action, None, "because")
        assert "cannot be" in excinfo.value.detail
        assert listing.status == state
        db.session.rollback()
        after = db.session.scalar(select(db.func.count()).select_from(ListingEvent))
        assert after == before
        return
    actor = make_user(role="editor")
    event = lifecycle.apply(listing, action, actor, "because")
    db.session.commit()
    target = TRANSITIONS[action].target or state
    assert listing.status == target
    assert (event.action, event.from_status, event.to_status) == (action, state, target)
    assert (event.actor_id, event.reason) == (actor.id, "because")
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == f"listing.{action}")
    ).all()[-1]
    assert audit.actor_id == actor.id and audit.object_id == listing.id
    assert "because" in audit.detail


def test_every_state_is_reachable_and_the_table_names_only_known_states():
    targets = {t.target for t in TRANSITIONS.values() if t.target}
    sources = set().union(*(t.sources for t in TRANSITIONS.values()))
    assert targets == set(LISTING_STATUSES)
    assert sources <= set(STATES)


@pytest.mark.parametrize("action", ["reject", "suspend"])
def test_reject_and_suspend_need_a_reason(action):
    listing = make_listing(status="pending" if action == "reject" else "approved")
    with pytest.raises(InvalidInput) as excinfo:
        lifecycle.apply(listing, action, None, "   ")
    assert excinfo.value.field == "reason"


def test_free_submission_waits_in_the_queue_with_its_history():
    listing = make_listing(status="pending")
    [event] = db.session.scalars(
        select(ListingEvent).where(ListingEvent.listing_id == listing.id)
    ).all()
    assert (event.action, event.from_status, event.to_status) == (
        "submit",
        None,
        "pending",
    )
    assert event.actor_id == listing.owner_id
    assert listing.submitted_at is not None and listing.review_tier == 1


def test_paid_submission_waits_for_payment_with_its_history():
    listing = make_listing(plan="featured", status="awaiting_payment")
    [event] = db.session.scalars(
        select(ListingEvent).where(ListingEvent.listing_id == listing.id)
    ).all()
    assert (event.action, event.from_status, event.to_status) == (
        "submit_paid",
        None,
        "awaiting_payment",
    )
    assert event.actor_id == listing.owner_id and not listing.is_public


def test_approval_sets_term_from_plan_and_counts_the_listing():
    listing = make_listing(plan="standard", status="approved")
    assert listing.published_at is not None
    assert listing.expires_at - listing.published_at == timedelta(days=365)
    category = db.session.get(Category, listing.category_id)
    assert category.listing_count == 1
    free = make_listing(plan="free", status="approved")
    assert free.expires_at is None and free.is_public


def test_leaving_approved_keeps_the_count_right():
    listing = make_listing(status="approved")
    lifecycle.apply(listing, "suspend", None, "spam")
    db.session.commit()
    assert db.session.get(Category, listing.category_id).listing_count == 0
    lifecycle.apply(listing, "reinstate", None)
    db.session.commit()
    assert db.session.get(Category, listing.category_id).listing_count == 1


def test_a_lapsed_listing_is_expired_before_anything_else_happens():
    listing = make_listing(plan="standard", status="approved")
    listing.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert not listing.is_public and listing.shown_status == "expired"
    with pytest.raises(StateError, match="expired cannot be suspended"):
        lifecycle.apply(listing, "suspend", None, "late")
    db.session.rollback()
    db.session.refresh(listing)
    assert listing.status == "approved"  # nothing half-done
    event = lifecycle.apply(listing, "renew", None, "paid")
    assert listing.status == "approved"
    assert event.from_status == "expired"
    actions = [
        e.action
        for e in db.session.scalars(
            select(ListingEvent).where(ListingEvent.listing_id == listing.id)
        )
    ]
    assert actions[-2:] == ["expire", "renew"]


def test_rejection_frees_the_url_and_cancels_unpaid_orders():
    from myapp.directory.models import Order

    listing = make_listing(plan="standard", status="awaiting_payment")
    lifecycle.apply(listing, "reject", None, "Spam")
    db.session.commit()
    assert listing.url_key is None
    [order] = db.session.scalars(select(Order)).all()
    assert order.status == "cancelled"
