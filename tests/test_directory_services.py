"""Directory rules without HTTP: tree, counts, duplicates, edits, orders, queue."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.database import utcnow
from myapp.directory.billing import orders
from myapp.directory.catalogue import categories, category_admin
from myapp.directory.listings import field_rules, pending_edits, review
from myapp.directory.listings import services as listings
from myapp.directory.models import Listing, Order
from myapp.errors import ConflictError, InvalidInput, PermissionDenied, StateError
from myapp.extensions import db
from tests.factories import mail_about, make_category, make_listing, make_plans


@pytest.fixture
def shops(editor):
    shops = make_category("Shops", actor=editor)
    food = make_category("Food", parent=shops, actor=editor)
    bakeries = make_category("Bakeries", parent=food, actor=editor)
    return shops, food, bakeries


def test_tree_has_paths_and_counts_including_sub_categories(shops):
    top, food, bakeries = shops
    assert bakeries.path == "shops/food/bakeries" and bakeries.depth == 2
    make_listing(category=bakeries)
    make_listing(category=food)
    make_listing(category=bakeries, status="pending")
    tree = categories.load_tree()
    assert [tree.total(c) for c in (top, food, bakeries)] == [2, 2, 1]
    assert tree.label(bakeries) == "Shops › Food › Bakeries"
    assert set(tree.descendant_ids(food)) == {food.id, bakeries.id}


def test_counts_drop_a_lapsed_listing_before_the_cron_runs(shops):
    *_, bakeries = shops
    listing = make_listing(plan="standard", category=bakeries)
    assert categories.load_tree().total(bakeries) == 1
    listing.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert categories.load_tree().total(bakeries) == 0


def test_recount_agrees_with_maintained_counters(shops):
    *_, bakeries = shops
    make_listing(category=bakeries)
    make_listing(category=bakeries, status="suspended")
    kept = bakeries.listing_count
    bakeries.listing_count = 99
    db.session.commit()
    categories.recount()
    db.session.refresh(bakeries)
    assert bakeries.listing_count == kept == 1


def test_categories_nest_three_levels_at_most(shops, editor):
    *_, bakeries = shops
    with pytest.raises(InvalidInput) as excinfo:
        make_category("Sourdough", parent=bakeries, actor=editor)
    assert excinfo.value.field == "parent_id"


def test_sibling_slugs_conflict_and_submit_is_reserved(shops, editor):
    top, *_ = shops
    with pytest.raises(ConflictError):
        make_category("Food", parent=top, actor=editor)
    with pytest.raises(InvalidInput, match="reserved"):
        make_category("Submit", actor=editor)


def test_members_cannot_manage_categories(member):
    with pytest.raises(PermissionDenied):
        make_category("Mine", actor=member)


def test_move_rewrites_paths_below_and_refuses_cycles_and_depth(shops, editor):
    top, food, bakeries = shops
    other = make_category("Markets", actor=editor)
    category_admin.update_category(editor, food, {"parent_id": other.id})
    assert (food.path, bakeries.path) == ("markets/food", "markets/food/bakeries")
    with pytest.raises(InvalidInput, match="inside itself"):
        category_admin.update_category(editor, food, {"parent_id": bakeries.id})
    with pytest.raises(InvalidInput, match="three levels"):
        category_admin.update_category(editor, top, {"parent_id": bakeries.id})
    category_admin.update_category(
        editor, food, {"name": "Food & Drink", "slug": "food-drink"}
    )
    assert bakeries.path == "markets/food-drink/bakeries"
    assert (
        db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.startswith("category."))
        )
        .all()
        .count("category.update")
        == 2
    )


def test_delete_refuses_a_category_with_listings_unless_they_move(shops, editor):
    top, food, bakeries = shops
    make_listing(category=bakeries)
    with pytest.raises(ConflictError, match="sub-categories"):
        category_admin.delete_category(editor, food)
    with pytest.raises(ConflictError) as excinfo:
        category_admin.delete_category(editor, bakeries)
    assert excinfo.value.field == "move_to"
    category_admin.delete_category(editor, bakeries, move_to=food)
    db.session.refresh(food)
    assert food.listing_count == 1
    assert categories.load_tree().total(top) == 1


@pytest.mark.parametrize(
    "url,key",
    [
        ("https://www.Example.com/shop/", "example.com/shop"),
        ("http://example.com/shop", "example.com/shop"),
        ("https://example.com:443/shop?x=1#top", "example.com/shop"),
        ("http://example.com:8080/", "example.com:8080"),
    ],
)
def test_url_key_ignores_scheme_www_and_trailing_slash(url, key):
    assert field_rules.normalise_url(url) == key


def test_duplicate_site_is_a_field_error(member):
    make_listing(url="https://www.bakery.example/shop/")
    with pytest.raises(ConflictError) as excinfo:
        make_listing(url="http://bakery.example/shop")
    assert excinfo.value.field == "url" and "already" in excinfo.value.detail


def test_a_rejected_site_may_be_submitted_again():
    make_listing(url="https://again.example/", status="rejected")
    assert (
        make_listing(url="https://again.example", status="pending").status == "pending"
    )


def test_owner_edit_of_live_listing_waits_as_a_revision(editor):
    listing = make_listing(status="approved")
    owner = listing.owner
    _, revision, _ = listings.update_listing(
        owner, listing, {"name": "Better Name", "description": listing.description}
    )
    db.session.refresh(listing)
    assert listing.name != "Better Name"
    assert revision.diff == {"name": [listing.name, "Better Name"]}
    assert review.count_pending_edits() == 1
    pending_edits.approve_edit(editor, revision)
    db.session.refresh(listing)
    assert listing.name == "Better Name" and revision.status == "approved"


def test_a_new_edit_replaces_the_pending_one_and_rejection_keeps_live_text(editor):
    listing = make_listing(status="approved")
    listings.update_listing(listing.owner, listing, {"name": "First try"})
    _, second, _ = listings.update_listing(listing.owner, listing, {"name": "Second"})
    assert review.count_pending_edits() == 1
    with pytest.raises(InvalidInput):
        pending_edits.reject_edit(editor, second, "")
    pending_edits.reject_edit(editor, second, "Keep the real name.")
    db.session.refresh(listing)
    assert listing.name.startswith("Listing")
    with pytest.raises(StateError):
        pending_edits.approve_edit(editor, second)


def test_owner_edits_of_unreviewed_listing_apply_directly():
    listing = make_listing(status="pending")
    _, revision, _ = listings.update_listing(listing.owner, listing, {"city": "Ghent"})
    assert revision is None and listing.city == "Ghent"


def test_category_change_of_live_listing_moves_the_count(shops, editor):
    top, food, bakeries = shops
    listing = make_listing(category=bakeries)
    listings.update_listing(editor, listing, {"category_id": food.id})
    db.session.refresh(bakeries)
    db.session.refresh(food)
    assert (bakeries.listing_count, food.listing_count) == (0, 1)


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


def test_review_queue_puts_paid_plans_first_then_oldest(admin):
    old_free = make_listing(plan="free", status="pending")
    paid = make_listing(plan="standard", status="pending")
    new_free = make_listing(plan="free", status="pending")
    old_paid = make_listing(plan="featured", status="pending")
    base = utcnow() - timedelta(days=10)
    for offset, listing in enumerate((old_paid, paid, old_free, new_free)):
        listing.submitted_at = base + timedelta(hours=offset)
    db.session.commit()
    first = review.pending_listings(limit=3)
    rest = review.pending_listings(first.next_cursor, limit=3)
    ids = [x.id for x in first.items + rest.items]
    assert ids == [old_paid.id, paid.id, old_free.id, new_free.id]


def test_bulk_review_reports_each_failure(editor, outbox):
    a = make_listing(status="pending")
    b = make_listing(status="approved")
    result = review.bulk_review(editor, [a.id, b.id, 999999], "approve")
    assert [x.id for x in result["done"]] == [a.id]
    assert len(result["failed"]) == 2
    with pytest.raises(InvalidInput):
        review.bulk_review(editor, [a.id], "reject", "")


def test_queue_counts_in_one_go(admin):
    make_listing(status="pending")
    broken = make_listing(status="approved")
    broken.link_status = "broken"
    make_listing(plan="standard", status="awaiting_payment")
    order = db.session.scalar(select(Order))
    order.created_at = utcnow() - timedelta(days=8)
    db.session.commit()
    counts = review.queue_counts()
    assert counts == {"listings": 1, "edits": 0, "broken": 1, "orders": 1, "total": 3}
    assert review.count_pending_listings() == 1 and review.count_broken() == 1
    assert review.count_stale_orders() == 1 and review.count_pending_edits() == 0


def test_sitemap_lists_only_live_listings_and_categories():
    from myapp.directory.listings.sitemap import sitemap_entries

    live = make_listing(status="approved")
    gone = make_listing(status="expired")
    make_listing(status="pending")
    locs = [entry["loc"] for entry in sitemap_entries()]
    assert f"/listings/{live.slug}" in locs
    assert f"/listings/{gone.slug}" not in locs
    assert f"/directory/{live.category.path}" in locs
    assert sum(loc.startswith("/listings/") for loc in locs) == 1


def test_listing_public_flag_follows_the_clock():
    listing = make_listing(plan="standard")
    assert db.session.scalar(select(Listing.id).where(Listing.is_public)) == listing.id
    listing.expires_at = utcnow() - timedelta(seconds=5)
    db.session.commit()
    assert db.session.scalar(select(Listing.id).where(Listing.is_public)) is None
    assert listing.is_expired and not listing.is_public
