"""Category rules without HTTP: the tree, counts, nesting, moves, deletes."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.database import utcnow
from myapp.directory.catalogue import categories, category_admin
from myapp.directory.listings import services as listings
from myapp.errors import ConflictError, InvalidInput, PermissionDenied
from myapp.extensions import db
from tests.factories import make_category, make_listing


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


def test_category_change_of_live_listing_moves_the_count(shops, editor):
    top, food, bakeries = shops
    listing = make_listing(category=bakeries)
    listings.update_listing(editor, listing, {"category_id": food.id})
    db.session.refresh(bakeries)
    db.session.refresh(food)
    assert (bakeries.listing_count, food.listing_count) == (0, 1)
