"""Listing search over its own index of words (the same on SQLite and MySQL)."""

from datetime import timedelta

import pytest

from myapp.database import utcnow
from myapp.directory.listings import search
from myapp.directory.listings import services as listings
from myapp.extensions import db
from tests.factories import make_listing


def names(found):
    return sorted(listing.name for listing in found)


@pytest.fixture
def shops():
    return {
        "sourdough": make_listing(
            name="Crumb Bakery", description="Sourdough loaves and rye bread daily."
        ),
        "coffee": make_listing(
            name="Bean There", description="Espresso bar with fresh pastries."
        ),
        "pending": make_listing(
            name="Secret Bakery",
            description="Sourdough we have not reviewed yet.",
            status="pending",
        ),
    }


def test_search_finds_live_listings_by_name_and_description(shops):
    assert names(search.search_listings("sourdough")) == ["Crumb Bakery"]
    assert names(search.search_listings("bakery")) == ["Crumb Bakery"]
    assert names(search.search_listings("espresso pastries")) == ["Bean There"]


def test_words_are_prefixes_and_all_must_match(shops):
    assert names(search.search_listings("sourd")) == ["Crumb Bakery"]
    assert search.search_listings("sourdough espresso") == []


def test_expired_and_lapsed_listings_leave_search(shops):
    listing = make_listing(
        name="Old Mill", description="Stone-ground flour.", plan="standard"
    )
    assert names(search.search_listings("flour")) == ["Old Mill"]
    listing.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert search.search_listings("flour") == []


@pytest.mark.parametrize(
    "query",
    ['"', "sour*", "NEAR(", "-bread", "bread OR", "a", "", "   ", "'; DROP TABLE", "€"],
)
def test_operators_and_odd_input_never_break_search(shops, query):
    search.search_listings(query)  # no exception is the point
    assert listings.public_listings(q=query).items is not None


def test_edits_are_reindexed(shops, editor):
    listing = shops["coffee"]
    listings.update_listing(editor, listing, {"description": "Tea house and cakes."})
    assert names(search.search_listings("tea")) == ["Bean There"]
    assert search.search_listings("espresso") == []


def test_rebuild_restores_the_index(shops):
    assert search.rebuild_index() == 3
    assert names(search.search_listings("rye")) == ["Crumb Bakery"]


def test_directory_search_page(client, shops):
    page = client.get("/directory?q=sourdough").get_data(as_text=True)
    assert "Crumb Bakery" in page and "Bean There" not in page
    assert "Secret Bakery" not in page


def test_accents_and_case_are_folded_on_both_sides():
    make_listing(name="Café Zoë", description="Crème brûlée and STRUDEL.")
    for query in ("cafe", "CAFÉ", "zoe", "creme brulee", "strudel"):
        assert names(search.search_listings(query)) == ["Café Zoë"], query


def test_a_word_in_the_name_ranks_above_one_in_the_description():
    make_listing(name="Corner Deli", description="Sandwiches, and bread from a bakery.")
    make_listing(name="Rye Bakery", description="Loaves.")
    found = search.search_listings("bakery")
    assert [listing.name for listing in found] == ["Rye Bakery", "Corner Deli"]


def test_a_prefix_stops_at_the_end_of_its_range():
    make_listing(name="Bakerz Gallery", description="Prints.")
    make_listing(name="Bakery Books", description="Novels.")
    assert names(search.search_listings("bakery")) == ["Bakery Books"]
    assert names(search.search_listings("bakerz")) == ["Bakerz Gallery"]
    assert len(search.search_listings("baker")) == 2


def test_each_word_must_match_though_one_word_may_start_both():
    make_listing(name="Bakery Bar", description="Late opening.")
    make_listing(name="Bakery", description="Early opening.")
    assert names(search.search_listings("bak bakery bar")) == ["Bakery Bar"]


def test_underscores_and_symbols_split_words():
    make_listing(name="Tool_Shed", description="hammer&nails for rent")
    assert names(search.search_listings("shed nails")) == ["Tool_Shed"]
