"""Demo statistics: N days of plausible views and clicks, inserted in bulk."""

import random
from datetime import timedelta

import click
from sqlalchemy import delete, insert, select

from myapp.articles.models import Article
from myapp.database import utcnow
from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.stats.models import DailyCount

BATCH = 5000


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
    rows = list(_rows(random.Random(5), article_ids, listing_ids, first, days))  # noqa: S311
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(DailyCount), rows[start : start + BATCH])
    db.session.commit()
    click.echo(f"Statistics: {len(rows)} daily counts over {days} days.")


def _rows(rng, article_ids, listing_ids, first, days):
    """Popularity per object (a long tail), a weekly rhythm and slow growth."""
    weights = {("a", i): rng.paretovariate(1.6) for i in article_ids}
    weights.update({("l", i): rng.paretovariate(1.8) for i in listing_ids})
    for n in range(days):
        day = first + timedelta(days=n)
        rhythm = (0.65 if day.weekday() >= 5 else 1.0) * (0.6 + 0.4 * n / days)
        for (what, object_id), weight in weights.items():
            views = int(rng.gauss(6, 2) * weight * rhythm)
            if views <= 0:
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
