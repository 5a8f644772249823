"""Time series and rankings read from the daily aggregate, one query each."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from myapp.database import utcnow
from myapp.extensions import db
from myapp.stats.models import DailyCount


@dataclass
class Point:
    day: date
    count: int


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def series(
    kind: str, start: date, end: date, object_id: int | None = None
) -> list[Point]:
    """Counts per day from start to end inclusive; days without activity are 0."""
    stmt = (
        select(DailyCount.day, func.sum(DailyCount.count))
        .where(DailyCount.kind == kind, DailyCount.day.between(start, end))
        .group_by(DailyCount.day)
    )
    if object_id is not None:
        stmt = stmt.where(DailyCount.object_id == object_id)
    counts = {day: int(total) for day, total in db.session.execute(stmt)}
    return [Point(day, counts.get(day, 0)) for day in days_between(start, end)]


def series_by_kind(
    kinds: tuple[str, ...], start: date, end: date, object_ids: list[int] | None = None
) -> dict[str, list[Point]]:
    """Several zero-filled series in one grouped query (optionally some objects)."""
    stmt = (
        select(DailyCount.kind, DailyCount.day, func.sum(DailyCount.count))
        .where(DailyCount.kind.in_(kinds), DailyCount.day.between(start, end))
        .group_by(DailyCount.kind, DailyCount.day)
    )
    if object_ids is not None:
        stmt = stmt.where(DailyCount.object_id.in_(object_ids or [-1]))
    counts = {(kind, day): int(total) for kind, day, total in db.session.execute(stmt)}
    days = days_between(start, end)
    return {k: [Point(d, counts.get((k, d), 0)) for d in days] for k in kinds}


def top_objects(
    kind: str, start: date, end: date, limit: int = 10
) -> list[tuple[int, int]]:
    """(object_id, total) of the most counted objects in the range."""
    total = func.sum(DailyCount.count).label("total")
    stmt = (
        select(DailyCount.object_id, total)
        .where(DailyCount.kind == kind, DailyCount.day.between(start, end))
        .group_by(DailyCount.object_id)
        .order_by(total.desc(), DailyCount.object_id)
        .limit(limit)
    )
    return [(object_id, int(count)) for object_id, count in db.session.execute(stmt)]


def totals_for(
    kind: str, object_ids: list[int], start: date, end: date
) -> dict[int, int]:
    """Totals per object for a known set of objects (an owner's listings)."""
    if not object_ids:
        return {}
    stmt = (
        select(DailyCount.object_id, func.sum(DailyCount.count))
        .where(
            DailyCount.kind == kind,
            DailyCount.object_id.in_(object_ids),
            DailyCount.day.between(start, end),
        )
        .group_by(DailyCount.object_id)
    )
    return {object_id: int(count) for object_id, count in db.session.execute(stmt)}


def totals_by_kind(
    kinds: tuple[str, ...], object_ids: list[int], start: date, end: date
) -> dict[int, dict[str, int]]:
    """{object_id: {kind: total}} for a known set of objects, in one query."""
    if not object_ids:
        return {}
    stmt = (
        select(DailyCount.object_id, DailyCount.kind, func.sum(DailyCount.count))
        .where(
            DailyCount.kind.in_(kinds),
            DailyCount.object_id.in_(object_ids),
            DailyCount.day.between(start, end),
        )
        .group_by(DailyCount.object_id, DailyCount.kind)
    )
    totals: dict[int, dict[str, int]] = {i: dict.fromkeys(kinds, 0) for i in object_ids}
    for object_id, kind, count in db.session.execute(stmt):
        totals[object_id][kind] = int(count)
    return totals


def last_days(days: int, today: date | None = None) -> tuple[date, date]:
    """The range of the last `days` days, today included."""
    end = today or utcnow().date()
    return end - timedelta(days=days - 1), end


def listing_traffic(listing_ids: list[int], days: int = 30) -> dict[int, dict]:
    """Each listing's views and clicks over the last `days` days, in one query."""
    start, end = last_days(days)
    kinds = ("listing_view", "listing_click")
    return totals_by_kind(kinds, listing_ids, start, end)
