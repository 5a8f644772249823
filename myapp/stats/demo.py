"""Demo statistics: N days of plausible views and clicks, inserted in bulk."""

import random
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import accumulate

import click
from sqlalchemy import delete, insert, select

from myapp.articles.models import Article
from myapp.database import utcnow
from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.stats.listing_figures import recount_clicks
from myapp.stats.models import DailyCount

BATCH = 5000
# Views drawn per day: enough that a small demo's charts are full, and in
# proportion to the content (a large site has more readers).
VIEWS_PER_DAY_MIN = 400
VIEWS_PER_OBJECT = 0.05


def seed(admin, options: dict) -> None:
    """Replace the last `days` days of counts for every public article and listing."""
    days = int(options.get("days") or 0)
    if days <= 0:
        return
    articles = _since(Article, Article.is_public)
    listings = _since(Listing, Listing.is_public)
    today = utcnow().date()
    first = today - timedelta(days=days - 1)
    db.session.execute(delete(DailyCount).where(DailyCount.day >= first))
    rng = random.Random(5)  # noqa: S311
    written, batch = 0, []
    for row in _rows(rng, articles, listings, first, days):
        batch.append(row)
        if len(batch) == BATCH:
            written += _insert(batch)
    written += _insert(batch)
    recount_clicks()  # each listing's all-time total agrees with its days
    db.session.commit()
    click.echo(f"Statistics: {written} daily counts over {days} days.")


def _since(model, public) -> dict[int, date]:
    """{id: day it was published}: nothing is read before it is out."""
    rows = db.session.execute(select(model.id, model.published_at).where(public))
    return {row_id: (published or datetime.min).date() for row_id, published in rows}


def _insert(batch: list) -> int:
    """Insert and empty the batch: rows are streamed, never all in memory."""
    if batch:
        db.session.execute(insert(DailyCount), batch)
    written = len(batch)
    batch.clear()
    return written


def _rows(rng, articles, listings, first, days):
    """Readers drawn each day by popularity (a long tail), with a weekly rhythm
    and slow growth: popular objects are counted daily, the tail now and then,
    as on a real site (a row only for an object seen that day, once it is out)."""
    out = {"a": articles, "l": listings}
    objects = [("a", i) for i in articles] + [("l", i) for i in listings]
    if not objects:
        return
    # A long tail, capped so that no one object takes nearly every reader.
    weights = [
        min(rng.paretovariate(1.6 if what == "a" else 1.8), 20) for what, _ in objects
    ]
    cumulative = list(accumulate(weights))
    readers = max(VIEWS_PER_DAY_MIN, len(objects) * VIEWS_PER_OBJECT)
    for n in range(days):
        day = first + timedelta(days=n)
        rhythm = (0.65 if day.weekday() >= 5 else 1.0) * (0.6 + 0.4 * n / days)
        picks = rng.choices(objects, cum_weights=cumulative, k=int(readers * rhythm))
        for (what, object_id), views in sorted(Counter(picks).items()):
            if day < out[what][object_id]:
                continue
            if what == "a":
                yield _row("article_view", object_id, day, views)
                continue
            yield _row("listing_view", object_id, day, views)
            clicks = int(views * rng.uniform(0.05, 0.35))
            if clicks:
                yield _row("listing_click", object_id, day, clicks)


def _row(kind, object_id, day, count):
    return {"kind": kind, "object_id": object_id, "day": day, "count": count}
