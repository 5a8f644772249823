""" "Open now" in SQL: each zone's local minute, asked of `listing_hours` at once.

The zones present are found with a walk of the index (one seek per zone, not
a scan: a recursive query on SQLite, a loose index scan on MariaDB); for
each, Python works out the local weekday, date and minute, and one
OR of small index ranges finds the open listings: a range of today that
contains the minute (unless today has an exception), or a range of yesterday
that runs past midnight into it (unless yesterday had one). A second index,
by range end, finds those ranges of yesterday by their end alone, and answers
when the next listing opens or closes with seeks.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import and_, false, func, literal, or_, select, text, union_all

from myapp.database import utcnow
from myapp.directory.details.models import ListingHour, date_key
from myapp.directory.listings.models import Listing
from myapp.extensions import db

ZONES_SQL = text(
    "WITH RECURSIVE z(tz) AS ("
    " SELECT MIN(tz) FROM listing_hours"
    " UNION ALL"
    " SELECT (SELECT MIN(h.tz) FROM listing_hours h WHERE h.tz > z.tz)"
    " FROM z WHERE z.tz IS NOT NULL"
    ") SELECT tz FROM z WHERE tz IS NOT NULL"
)
# MariaDB/MySQL read this one from the index's first column (a loose index scan).
DISTINCT_ZONES = text("SELECT DISTINCT tz FROM listing_hours")


@dataclass
class LocalMoment:
    """One zone's clock: today's and yesterday's day keys, the minute of today."""

    tz: str
    local: datetime

    @property
    def minute(self) -> int:
        return self.local.hour * 60 + self.local.minute

    def keys(self, days_back: int) -> tuple[int, int]:
        day = self.local.date() - timedelta(days=days_back)
        return day.weekday(), date_key(day.isoformat())

    def utc_at(self, minute: int) -> datetime:
        """Minute `minute` after today's local midnight, as naive UTC."""
        day = self.local.date() + timedelta(days=minute // 1440)
        local = datetime.combine(day, time(), ZoneInfo(self.tz))
        local = local.replace(hour=minute % 1440 // 60, minute=minute % 60)
        return local.astimezone(UTC).replace(tzinfo=None)


def moments(now: datetime | None = None) -> list[LocalMoment]:
    """The local time of every zone that has opening hours (one statement)."""
    now = (now or utcnow()).replace(tzinfo=UTC)
    sqlite = db.engine.dialect.name == "sqlite"
    zones = db.session.scalars(ZONES_SQL if sqlite else DISTINCT_ZONES).all()
    return [LocalMoment(tz, now.astimezone(ZoneInfo(tz))) for tz in zones]


def shape_of(found: list[LocalMoment]) -> tuple:
    """What the statements depend on: each zone's minute and day keys. Equal
    shapes give equal statements, built once (a zone's clock moves a minute
    at a time, and building them took longer than running them)."""
    return tuple((m.tz, m.minute, m.keys(0), m.keys(1)) for m in found)


def _ids(shape: tuple, days_back: int, dated: bool, inside: bool):
    """Listing ids with a row on each zone's day (today or yesterday, the
    weekday or the date) that contains the zone's minute, or any such row."""
    h, branches = ListingHour, []
    for tz, minute, *days in shape:
        weekday, date_day = days[days_back]
        minute += 1440 * days_back
        branch = [h.tz == tz, h.day == (date_day if dated else weekday)]
        if inside and days_back:  # began yesterday, so only its end can tell
            branch.append(h.end_min > minute)
        elif inside:
            branch += [h.start_min <= minute, h.end_min > minute]
        branches.append(and_(*branch))
    return select(h.listing_id).where(or_(*branches))


def open_condition(found: list[LocalMoment]):
    """A WHERE clause on listings: open at each zone's moment.

    Open = a weekly range of today holds the minute and today has no
    exception, or yesterday's runs past midnight into it and yesterday had
    none, or an exception's range of today or yesterday holds it. Each part is
    a set found once from the index, not a probe per listing.
    """
    if not found:
        return false()
    return _open_condition(shape_of(found), db.engine.dialect.name == "sqlite")


@lru_cache(maxsize=16)
def _open_condition(shape: tuple, sqlite: bool):
    # SQLite: `id + 0` is no index lookup by id, so the page's query keeps
    # walking listings in its own order and stops after one page, probing each
    # set. MariaDB turns the plain IN into semi-joins on its own.
    key = Listing.id + 0 if sqlite else Listing.id
    parts = [
        and_(
            key.in_(_ids(shape, back, False, True)),
            key.not_in(_ids(shape, back, True, False)),
        )
        for back in (0, 1)
    ]
    parts += [key.in_(_ids(shape, back, True, True)) for back in (0, 1)]
    return or_(*parts)


def next_change(found: list[LocalMoment]) -> datetime | None:
    """The first moment any listing may open or close (or a zone's day turns):
    how long an "open now" list may be kept. One statement; errs early."""
    if not found:
        return None
    times = [moment.utc_at(1440) for moment in found]  # each zone's midnight
    for number, minute in db.session.execute(_changes(shape_of(found))).all():
        if minute is not None:
            times.append(found[number].utc_at(minute))
    return min(times)


@lru_cache(maxsize=16)
def _changes(shape: tuple):
    """(zone number, minute of its day) of the next start or end per zone."""
    h, parts = ListingHour, []
    for number, (tz, m, today, yesterday) in enumerate(shape):
        label = literal(number)
        for day in today:  # one day key each: MIN is then one seek
            parts += [
                select(label, func.min(h.start_min)).where(
                    h.tz == tz, h.day == day, h.start_min > m
                ),
                select(label, func.min(h.end_min)).where(
                    h.tz == tz, h.day == day, h.end_min > m
                ),
            ]
        for day in yesterday:
            parts.append(
                select(label, func.min(h.end_min) - 1440).where(
                    h.tz == tz, h.day == day, h.end_min > m + 1440
                )
            )
    return union_all(*parts)
