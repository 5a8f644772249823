"""Statistics services: public totals, dashboard tables, the API's series."""

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from myapp.database import utcnow
from myapp.directory.models import Order
from myapp.errors import InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.stats import dashboard, demo, services
from myapp.stats.counting import record_hit
from myapp.stats.models import DailyCount
from myapp.stats.series import listing_traffic
from myapp.stats.tables import Table, money
from tests.factories import make_article, make_category, make_listing, make_user


def test_public_totals_count_only_what_is_live(author):
    make_article(author)
    make_article(author, status="draft")
    shops = make_category("Shops")
    make_listing(category=shops)
    make_listing(category=shops, status="pending")
    make_listing(category=shops, status="expired")
    totals = services.public_totals()
    assert totals == {
        "articles": 1,
        "listings": 1,
        "categories": 1,
        "listings_this_month": 1,
    }


def test_top_categories_count_each_listing_once():
    shops = make_category("Shops")
    bakeries = make_category("Bakeries", parent=shops)
    cafes = make_category("Cafes")
    make_listing(category=bakeries)
    make_listing(category=bakeries)
    make_listing(category=cafes)
    ranked = [(c.name, n, label) for c, n, label in services.top_categories()]
    # Shops is not credited with Bakeries' two: the figures add up to 3, not 5.
    assert ranked == [("Bakeries", 2, "Shops › Bakeries"), ("Cafes", 1, "Cafes")]


def test_newest_listings_are_live_and_newest_first():
    first = make_listing(name="First")
    second = make_listing(name="Second")
    make_listing(name="Waiting", status="pending")
    first.published_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert [lst.name for lst in services.newest_listings()] == ["Second", "First"]
    assert second in services.newest_listings()


def test_traffic_table_is_zero_filled_and_one_query(author):
    article = make_article(author)
    record_hit("article_view", article.id)
    record_hit("listing_click", 5)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        table = dashboard.traffic(365)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and len(table.rows) == 365
    assert table.rows[-1][1:] == [1, 0, 1]
    assert sum(row[1] for row in table.rows) == 1


def test_top_articles_and_listings_are_named(author):
    article = make_article(author, title="Popular")
    listing = make_listing(name="Clicked")
    for _ in range(3):
        record_hit("article_view", article.id)
    record_hit("listing_click", listing.id)
    assert dashboard.top_articles(30).rows == [["Popular", 3]]
    assert dashboard.top_listings(30).rows == [["Clicked", 1]]


def test_submissions_per_day_by_plan():
    make_listing(plan="free", status="pending")
    make_listing(plan="featured", status="pending")
    table = dashboard.submissions(30)
    assert table.columns[0] == "Day" and len(table.rows) == 30
    today = dict(zip(table.columns, table.rows[-1], strict=True))
    assert sum(n for key, n in today.items() if key != "Day") == 2
    assert today["Free"] == 1


def test_revenue_per_month_in_cents_formatted():
    make_listing(plan="standard")
    make_listing(plan="featured")
    make_listing(plan="standard", status="awaiting_payment")  # unpaid: not revenue
    table = dashboard.revenue()
    assert len(table.rows) == 12
    assert table.rows[-1][0] == utcnow().strftime("%Y-%m")
    paid = db.session.scalar(
        select(func.sum(Order.amount_cents)).where(Order.status == "paid")
    )
    assert table.rows[-1][1] == money(paid)
    assert all(row[1] == "0.00" for row in table.rows[:-1])


def test_money_never_uses_floats():
    assert money(0) == "0.00" and money(1905) == "19.05" and money(-250) == "-2.50"


def test_queue_shows_counts_and_oldest_age(author):
    listing = make_listing(status="pending")
    listing.submitted_at = utcnow() - timedelta(days=3)
    db.session.commit()
    rows = {row[0]: row[1:] for row in dashboard.queue().rows}
    assert rows["Listings"] == [1, "3 days"]
    assert rows["Comments"] == [0, ""]


def test_csv_of_a_table():
    table = Table("t", "T", ["Day", "Views"], [["2026-01-01", 3]])
    assert table.to_csv() == "Day,Views\r\n2026-01-01,3\r\n"


def test_author_dashboard_has_only_their_articles(author):
    mine = make_article(author, title="Mine")
    other = make_article(make_user(role="author"), title="Theirs")
    record_hit("article_view", mine.id)
    record_hit("article_view", other.id)
    tables = dashboard.author_dashboard(author, 30)
    assert tables["my_articles"].rows == [["Mine", 1]]
    assert tables["traffic"].rows[-1] == [utcnow().date().isoformat(), 1]


def test_listing_traffic_for_an_owner_in_one_query():
    listing = make_listing()
    record_hit("listing_view", listing.id)
    record_hit("listing_view", listing.id)
    record_hit("listing_click", listing.id)
    assert listing_traffic([listing.id, 999]) == {
        listing.id: {"listing_view": 2, "listing_click": 1},
        999: {"listing_view": 0, "listing_click": 0},
    }


def test_timeseries_defaults_to_30_days_and_checks_ranges(author):
    article = make_article(author)
    record_hit("article_view", article.id)
    result = services.timeseries("views", f"article:{article.slug}", None, None, None)
    assert len(result["points"]) == 30 and result["total"] == 1
    today = utcnow().date()
    with pytest.raises(InvalidInput):
        services.timeseries(
            "views", f"article:{article.slug}", today, today - timedelta(days=1), None
        )
    with pytest.raises(InvalidInput):
        services.timeseries(
            "views", f"article:{article.slug}", today - timedelta(days=400), today, None
        )
    with pytest.raises(InvalidInput):
        services.timeseries("clicks", f"article:{article.slug}", None, None, None)
    with pytest.raises(NotFoundError):
        services.timeseries("clicks", "listing:424242", None, None, None)


def test_demo_seed_fills_days_in_bulk(author):
    article = make_article(author)
    listing = make_listing()
    demo.seed(None, {"days": 60})
    days = db.session.scalars(
        select(DailyCount.day).where(DailyCount.object_id.in_([article.id, listing.id]))
    ).all()
    assert days and min(days) >= utcnow().date() - timedelta(days=59)
    demo.seed(None, {"days": 60})  # again: replaced, not duplicated
    assert db.session.scalar(select(func.count()).select_from(DailyCount)) > 0
