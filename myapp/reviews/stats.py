"""Review statistics: reviews per day and the rating distribution."""

from datetime import timedelta

from sqlalchemy import func, select

from myapp.database import utcnow
from myapp.directory.listings.models import Listing
from myapp.extensions import db
from myapp.reviews.models import Review
from myapp.reviews.vocabulary import APPROVED, RATINGS
from myapp.stats.tables import Table


def distribution(listing_id: int | None = None) -> dict[int, int]:
    """Approved reviews per star, 1 to 5 (all listings when none is given)."""
    stmt = select(Review.rating, func.count()).where(Review.status == APPROVED)
    if listing_id is not None:
        stmt = stmt.where(Review.listing_id == listing_id)
    found = dict(db.session.execute(stmt.group_by(Review.rating)).all())
    return {stars: found.get(stars, 0) for stars in RATINGS}


def per_day(days: int = 30, listing_id: int | None = None) -> list[tuple]:
    """(day, reviews written) for the last `days` days, days without any included."""
    today = utcnow().date()
    start = today - timedelta(days=days - 1)
    day = func.date(Review.created_at)
    stmt = select(day, func.count()).where(Review.created_at >= start)
    if listing_id is not None:
        stmt = stmt.where(Review.listing_id == listing_id)
    found = {str(d): n for d, n in db.session.execute(stmt.group_by(day)).all()}
    dates = (start + timedelta(days=i) for i in range(days))
    return [(d, found.get(d.isoformat(), 0)) for d in dates]


def listing_stats(listing: Listing, days: int = 30) -> dict:
    """The owner's view: distribution and recent reviews per day."""
    return {
        "distribution": distribution(listing.id),
        "per_day": [row for row in per_day(days, listing.id) if row[1]],
        "days": days,
    }


def by_listing(limit: int = 10) -> list[dict]:
    """The most reviewed listings with their rating distribution (admin dashboard)."""
    counts = (
        select(Review.listing_id, Review.rating, func.count().label("n"))
        .where(Review.status == APPROVED)
        .group_by(Review.listing_id, Review.rating)
    )
    rows: dict[int, dict] = {}
    for listing_id, rating, n in db.session.execute(counts):
        entry = rows.setdefault(listing_id, {r: 0 for r in RATINGS})
        entry[rating] = n
    top = sorted(rows, key=lambda lid: -sum(rows[lid].values()))[:limit]
    names = (
        dict(
            db.session.execute(
                select(Listing.id, Listing.name).where(Listing.id.in_(top))
            ).all()
        )
        if top
        else {}
    )
    return [
        {
            "listing": names.get(lid, str(lid)),
            "distribution": rows[lid],
            "total": sum(rows[lid].values()),
        }
        for lid in top
    ]


def per_day_table(days: int) -> Table:
    """The admin dashboard's chart: reviews written per day."""
    rows = [[d.isoformat(), n] for d, n in per_day(days)]
    return Table("reviews_per_day", "Reviews per day", ["Day", "Reviews"], rows, "bar")


def by_listing_table() -> Table:
    """The admin dashboard's table: the most reviewed listings, by rating."""
    columns = ["Listing", "Reviews", *(f"{stars} ★" for stars in reversed(RATINGS))]
    rows = [
        [row["listing"], row["total"], *(row["distribution"][s] for s in RATINGS[::-1])]
        for row in by_listing()
    ]
    return Table("ratings_by_listing", "Ratings by listing", columns, rows)
