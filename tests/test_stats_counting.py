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


def _views(object_id: int) -> int:
    db.session.commit()  # a fresh snapshot: the buffer writes on its own connection
    return (
        db.session.scalar(
            select(DailyCount.count).where(
                DailyCount.kind == "article_view", DailyCount.object_id == object_id
            )
        )
        or 0
    )


def test_buffered_views_are_written_together_and_exactly(app):
    import threading

    from myapp.stats.counting import ViewBuffer

    views = ViewBuffer(app, seconds=3600)  # flushed by hand here
    threads = [
        threading.Thread(
            target=lambda: [views.add("article_view", 9) for _ in range(500)]
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _views(9) == 0
    assert views.flush() == 4000
    assert _views(9) == 4000
    assert views.flush() == 0


def test_views_that_could_not_be_written_are_kept(app, monkeypatch):
    from myapp.stats import counting

    views = counting.ViewBuffer(app, seconds=3600)
    views.add("article_view", 4)
    real = counting.upsert_statement

    def database_away(*args):
        raise RuntimeError("database away")

    monkeypatch.setattr(counting, "upsert_statement", database_away)
    assert views.flush() == 0
    monkeypatch.setattr(counting, "upsert_statement", real)
    views.add("article_view", 4)
    assert views.flush() == 2
    assert _views(4) == 2


def test_the_buffer_writes_on_its_own(app, author, monkeypatch):
    import time

    from myapp.stats.counting import ViewBuffer
    from tests.factories import make_article

    article = make_article(author)
    monkeypatch.setitem(app.extensions, "view_buffer", ViewBuffer(app, seconds=0.05))
    client = app.test_client()
    for _ in range(3):
        client.get(f"/articles/{article.slug}", headers={"User-Agent": BROWSER})
    deadline = time.monotonic() + 5
    while _views(article.id) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _views(article.id) == 3


def test_the_flush_at_exit_waits_for_a_write_under_way(app, monkeypatch):
    """The exit flush must not return while the thread's write is uncommitted:
    the process ends right after it, and the thread's views would die with it."""
    import threading

    from myapp.stats import counting

    views = counting.ViewBuffer(app, seconds=3600)
    views.add("article_view", 5)
    writing, release = threading.Event(), threading.Event()
    real = counting.upsert_statement

    def slow_database(*args):
        writing.set()
        release.wait(5)
        return real(*args)

    monkeypatch.setattr(counting, "upsert_statement", slow_database)
    thread = threading.Thread(target=views.flush)
    thread.start()
    assert writing.wait(5)
    at_exit = threading.Thread(target=views.flush)
    at_exit.start()
    at_exit.join(0.2)
    assert at_exit.is_alive(), "the exit flush returned before the write was stored"
    release.set()
    at_exit.join(5)
    thread.join(5)
    assert _views(5) == 1
