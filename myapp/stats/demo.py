"""Demo statistics: N days of plausible views and clicks, inserted in bulk."""

import random
from collections import Counter
from datetime import timedelta
from itertools import accumulate

import click
from sqlalchemy import delete, insert, select

from myapp.articles.models import Article
from myapp.database import utcnow
from myapp.directory.models import Listing
from myapp.extensions import db
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
    article_ids = list(db.session.scalars(select(Article.id).where(Article.is_public)))
    listing_ids = list(db.session.scalars(select(Listing.id).where(Listing.is_public)))
    today = utcnow().date()
    first = today - timedelta(days=days - 1)
    db.session.execute(delete(DailyCount).where(DailyCount.day >= first))
    rng = random.Random(5)  # noqa: S311
    written, batch = 0, []
    for row in _rows(rng, article_ids, listing_ids, first, days):
        batch.append(row)
        if len(batch) == BATCH:
            written += _insert(batch)
    written += _insert(batch)
    db.session.commit()
    click.echo(f"Statistics: {written} daily counts over {days} days.")


def _insert(batch: list) -> int:
    """Insert and empty the batch: rows are streamed, never all in memory."""
    if batch:
        db.session.execute(insert(DailyCount), batch)
    written = len(batch)
    batch.clear()
    return written


def _rows(rng, article_ids, listing_ids, first, days):
    """Readers drawn each day by popularity (a long tail), with a weekly rhythm
    and slow growth: popular objects are counted daily, the tail now and then,
    as on a real site (a row only for an object seen that day)."""
    objects = [("a", i) for i in article_ids] + [("l", i) for i in listing_ids]
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
            if what == "a":
                yield _row("article_view", object_id, day, views)
                continue
            yield _row("listing_view", object_id, day, views)
            clicks = int(views * rng.uniform(0.05, 0.35))
            if clicks:
                yield _row("listing_click", object_id, day, clicks)


def _row(kind, object_id, day, count):
    return {"kind": kind, "object_id": object_id, "day": day, "count": count}
