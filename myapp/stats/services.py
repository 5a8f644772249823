"""Site-wide figures for /stats and the API summary, each in one cheap query."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from myapp.articles.models import Article
from myapp.articles.services import get_article_by_slug
from myapp.comments import services as comments
from myapp.database import utcnow
from myapp.directory.catalogue import categories
from myapp.directory.listings import review
from myapp.directory.listings.services import get_listing
from myapp.directory.models import Category, Listing
from myapp.errors import InvalidInput
from myapp.extensions import db
from myapp.stats import series
from myapp.stats.series import last_days

METRIC_KINDS = {
    ("views", "article"): "article_view",
    ("views", "listing"): "listing_view",
    ("clicks", "listing"): "listing_click",
}


def _count(model, *clauses):
    return select(func.count()).select_from(model).where(*clauses).scalar_subquery()


def public_totals(now: datetime | None = None) -> dict[str, int]:
    """Published articles, live listings, categories, listings added this month."""
    now = now or utcnow()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    row = db.session.execute(
        select(
            _count(Article, Article.is_public),
            _count(Listing, Listing.is_public),
            _count(Category, Category.id.is_not(None)),
            _count(Listing, Listing.is_public, Listing.published_at >= month_start),
        )
    ).one()
    keys = ("articles", "listings", "categories", "listings_this_month")
    return dict(zip(keys, (int(n) for n in row), strict=True))


def top_categories(limit: int = 8) -> list[tuple[Category, int, str]]:
    """Categories with the most live listings filed in them.

    Each listing counts once, in its own category: a parent is not credited
    with its children's listings, so the figures never add up to more than
    the live listings.
    """
    tree = categories.load_tree()
    ranked = sorted(
        (c for c in tree.categories if tree.own(c)),
        key=lambda c: (-tree.own(c), tree.label(c)),
    )
    return [(c, tree.own(c), tree.label(c)) for c in ranked[:limit]]


def newest_listings(limit: int = 8) -> list[Listing]:
    """The most recently approved live listings."""
    stmt = (
        select(Listing)
        .where(Listing.is_public)
        .order_by(Listing.published_at.desc(), Listing.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def summary(days: int = 30) -> dict:
    """Totals plus the last `days` days of views and clicks (for the API)."""
    start, end = last_days(days)
    kinds = ("article_view", "listing_view", "listing_click")
    traffic = series.series_by_kind(kinds, start, end)
    return {
        **public_totals(),
        "from_": start,
        "to": end,
        "article_views": sum(p.count for p in traffic["article_view"]),
        "listing_views": sum(p.count for p in traffic["listing_view"]),
        "listing_clicks": sum(p.count for p in traffic["listing_click"]),
        "queue": {**review.queue_counts(), "comments": comments.count_pending()},
    }


@dataclass
class Subject:
    kind: str
    object_id: int
    label: str


def resolve_subject(metric: str, spec: str, viewer) -> Subject:
    """Turn `article:<slug>` or `listing:<id>` into the counted kind and id."""
    prefix, _, key = spec.partition(":")
    kind = METRIC_KINDS.get((metric, prefix))
    if kind is None:
        raise InvalidInput(f"No {metric} are counted for {prefix or spec}.", "object")
    if prefix == "article":
        article = get_article_by_slug(key, viewer)
        return Subject(kind, article.id, f"article:{article.slug}")
    if not key.isdigit() or len(key) > 12:
        raise InvalidInput("A listing is named by its id: listing:42.", "object")
    listing = get_listing(int(key))
    return Subject(kind, listing.id, f"listing:{listing.id}")


MAX_DAYS = 366


def timeseries(metric: str, spec: str, start, end, viewer) -> dict:
    """One object's zero-filled daily series (one query); last 30 days by default."""
    if end is None:
        end = utcnow().date() if start is None else start + timedelta(days=29)
    start = start or end - timedelta(days=29)
    if start > end:
        raise InvalidInput("`from` must not be after `to`.", "from")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"Ask for at most {MAX_DAYS} days at a time.", "to")
    subject = resolve_subject(metric, spec, viewer)
    points = series.series(subject.kind, start, end, subject.object_id)
    return {
        "metric": metric,
        "object": subject.label,
        "from_": start,
        "to": end,
        "total": sum(p.count for p in points),
        "points": points,
    }
