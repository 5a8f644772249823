"""Submissions racing each other: the same name at the same moment still lands."""

from myapp.directory.listings import services as listings
from myapp.directory.listings import slugs
from tests.factories import make_listing, make_user


def test_a_slug_taken_at_the_same_moment_gets_the_next_one(monkeypatch):
    first = make_listing(name="Same Name")
    calls = []

    def stale(name, exclude_id=None):
        """The first look misses the listing that was committed meanwhile."""
        calls.append(name)
        return first.slug if len(calls) == 1 else slugs.unique_listing_slug(name)

    monkeypatch.setattr(listings, "unique_listing_slug", stale)
    owner = make_user()
    listing, order = listings.submit_listing(
        owner,
        {
            "name": "Same Name",
            "url": "https://other.example/",
            "description": "Another shop that happens to share the name.",
            "category_id": first.category_id,
            "plan": "standard",
            "contact_email": owner.email,
        },
    )
    assert listing.slug == f"{first.slug}-2"
    assert order is not None and order.listing_id == listing.id
    assert len(calls) == 2
