"""Listing rules without HTTP: duplicates, edits, review queue, sitemap, clock."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.database import utcnow
from myapp.directory.listings import field_rules, pending_edits, review
from myapp.directory.listings import services as listings
from myapp.directory.models import Listing, Order
from myapp.errors import ConflictError, InvalidInput, StateError
from myapp.extensions import db
from tests.factories import make_listing


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
