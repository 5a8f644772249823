"""`flask demo seed`: the directory's demo content, idempotent, and bulk listings."""

from sqlalchemy import func, select

from myapp.directory.catalogue import categories
from myapp.directory.listings import search
from myapp.directory.models import Category, Listing, ListingEvent, Order
from myapp.extensions import db


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_adds_a_tree_and_listings_in_every_state_once(runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    states = dict(
        db.session.execute(
            select(Listing.status, func.count()).group_by(Listing.status)
        ).all()
    )
    assert set(states) == {
        "approved",
        "pending",
        "awaiting_payment",
        "rejected",
        "expired",
        "suspended",
    }
    assert count(Listing, Listing.featured == 1, Listing.is_public) == 1
    assert max(c.depth for c in db.session.scalars(select(Category))) == 2
    assert count(Order, Order.status == "unpaid") == 1
    totals = (count(Listing), count(Category), count(ListingEvent))
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0 and "0 showcase listing(s) added" in second.output
    assert (count(Listing), count(Category), count(ListingEvent)) == totals


def test_seed_listings_generates_them_in_bulk_with_history_and_search(runner):
    result = runner.invoke(args=["demo", "seed", "--listings", "300"])
    assert result.exit_code == 0, result.output
    assert "300 listings generated" in result.output
    generated = count(Listing, Listing.description.contains("demo data set"))
    assert generated == 300
    assert count(ListingEvent, ListingEvent.reason == "demo data") == 600
    tree = categories.load_tree()
    assert sum(tree.total(root) for root in tree.roots) == count(
        Listing, Listing.is_public
    )
    assert search.search_listings("demo data set", limit=5)


def test_seed_grows_the_tree_to_the_categories_asked_for_once(runner):
    result = runner.invoke(args=["demo", "seed", "--categories", "100"])
    assert result.exit_code == 0, result.output
    assert count(Category) == 100
    again = runner.invoke(args=["demo", "seed", "--categories", "100"])
    assert again.exit_code == 0, again.output
    assert count(Category) == 100
