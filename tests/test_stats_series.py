"""Series fill empty days with 0 and answer with one query."""

from datetime import date, timedelta

from sqlalchemy import event

from myapp.extensions import db
from myapp.stats.models import DailyCount
from myapp.stats.series import series, top_objects, totals_for


def add(kind, object_id, day, count):
    db.session.add(DailyCount(kind=kind, object_id=object_id, day=day, count=count))
    db.session.commit()


def test_series_has_every_day_and_zero_for_quiet_ones():
    start = date(2026, 1, 1)
    add("article_view", 1, start, 3)
    add("article_view", 2, start, 4)
    add("article_view", 1, start + timedelta(days=2), 5)
    add("listing_click", 1, start, 99)
    points = series("article_view", start, start + timedelta(days=3))
    assert [(p.day.day, p.count) for p in points] == [(1, 7), (2, 0), (3, 5), (4, 0)]
    one = series("article_view", start, start + timedelta(days=2), object_id=2)
    assert [p.count for p in one] == [4, 0, 0]


def test_a_year_of_series_is_one_query():
    start = date(2025, 1, 1)
    for n in range(0, 365, 7):
        add("listing_view", 9, start + timedelta(days=n), n)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        points = series("listing_view", start, start + timedelta(days=364), object_id=9)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(points) == 365 and len(statements) == 1
    assert sum(p.count for p in points) == sum(range(0, 365, 7))


def test_top_objects_and_totals():
    day = date(2026, 3, 1)
    add("listing_click", 1, day, 2)
    add("listing_click", 2, day, 9)
    add("listing_click", 3, day, 5)
    assert top_objects("listing_click", day, day, limit=2) == [(2, 9), (3, 5)]
    assert totals_for("listing_click", [1, 3, 4], day, day) == {1: 2, 3: 5}
    assert totals_for("listing_click", [], day, day) == {}
