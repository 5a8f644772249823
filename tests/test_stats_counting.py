"""Counting: one row per object per day, atomic, bots and HEAD ignored."""

from sqlalchemy import select

from myapp.extensions import db
from myapp.stats.counting import is_countable, record_hit
from myapp.stats.models import DailyCount

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def test_repeated_hits_make_one_row_per_day():
    for _ in range(5):
        assert record_hit("article_view", 7)
    record_hit("listing_click", 7)
    rows = db.session.scalars(select(DailyCount).order_by(DailyCount.kind)).all()
    assert [(r.kind, r.object_id, r.count) for r in rows] == [
        ("article_view", 7, 5),
        ("listing_click", 7, 1),
    ]


def test_bots_and_head_requests_are_not_counted():
    assert is_countable("GET", BROWSER)
    assert not is_countable("HEAD", BROWSER)
    assert not is_countable("GET", "Googlebot/2.1 (+http://www.google.com/bot.html)")
    assert not is_countable("GET", "curl/8.5.0")
    assert not is_countable("GET", "")
    assert not is_countable("GET", None)
