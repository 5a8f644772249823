""" "Open now" in SQL: each zone's local minute, asked of `listing_hours`.

The zones present are found with a walk of the index (one seek per zone, not
a scan: a recursive query on SQLite, a loose index scan on MariaDB); for
each, Python works out the local weekday, date and minute. Open = a range of
today that contains the minute (unless today has an exception), or a range
of yesterday that runs past midnight into it (unless yesterday had one), or
an exception's range that holds it.

A page asks that in one of two ways, chosen by how many ranges hold the
minute (counted up to `BUSY`, beside the next change): when many listings are
open, each listing the page walks is asked of its own rows (`asked_of_each`),
so a page stops after a few dozen; when few are, the open ones are found as
sets from the index first (`in_sets`), so a quiet night does not walk every
listing. A word search walks only its matches, so it always asks each.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import (
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)

from myapp.database import is_sqlite, unindexed, utcnow
from myapp.directory.details.models import ListingHour, date_key
from myapp.directory.listings.models import Listing
from myapp.extensions import db
from myapp.formatting import site_zone

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
# Ranges holding the minute, counted up to this, above which a page asks each
# listing it walks: at 300 open of 20,000 a page walks about 1,400.
BUSY = 300


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
    zones = db.session.scalars(ZONES_SQL if is_sqlite() else DISTINCT_ZONES).all()
    return [LocalMoment(tz, now.astimezone(ZoneInfo(tz))) for tz in zones]


@dataclass
class Clock:
    """What an "open now" page needs to know of the moment (two statements)."""

    moments: list[LocalMoment]
    next_change: datetime | None  # how long the page may be kept
    busy: bool  # at least BUSY ranges hold the minute


def clock(now: datetime | None = None) -> Clock:
    """Each zone's moment, the first moment any listing may open or close (or
    a zone's day turns; errs early), and whether many listings are open."""
    found = moments(now)
    if not found:
        return Clock(found, None, False)
    times, held = [moment.utc_at(1440) for moment in found], 0  # each midnight
    for number, value in db.session.execute(_changes(shape_of(found))).all():
        if number < 0:
            held += value
        elif value is not None:
            times.append(found[number].utc_at(value))
    return Clock(found, min(times), held >= BUSY)


def shape_of(found: list[LocalMoment]) -> tuple:
    """What the statements depend on: each zone's minute and day keys. Equal
    shapes give equal statements, built once (a zone's clock moves a minute
    at a time, and building them took longer than running them)."""
    return tuple((m.tz, m.minute, m.keys(0), m.keys(1)) for m in found)


def open_condition(now: Clock, narrow: bool = False):
    """A WHERE clause on listings: open at each zone's moment. `narrow`: the
    other filters leave few listings to walk (a word search)."""
    if not now.moments:
        return false()
    if now.busy or narrow:
        return asked_of_each(now.moments)
    return in_sets(now.moments)


def in_sets(found: list[LocalMoment]):
    """Open, as sets of listing ids each found once from the index."""
    return _in_sets(shape_of(found), is_sqlite())


def asked_of_each(found: list[LocalMoment]):
    """Open, asked of each listing's own rows of today and yesterday."""
    return _asked_of_each(shape_of(found), site_zone().key)


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


@lru_cache(maxsize=16)
def _in_sets(shape: tuple, sqlite: bool):
    # SQLite: with the id unindexed, the page's query keeps walking listings
    # in its own order and stops after one page, probing each set. MariaDB
    # turns the plain IN into semi-joins on its own.
    key = unindexed(Listing.id) if sqlite else Listing.id
    parts = [
        and_(
            key.in_(_ids(shape, back, False, True)),
            key.not_in(_ids(shape, back, True, False)),
        )
        for back in (0, 1)
    ]
    parts += [key.in_(_ids(shape, back, True, True)) for back in (0, 1)]
    return or_(*parts)


@lru_cache(maxsize=16)
def _asked_of_each(shape: tuple, site_tz: str):
    # One subquery per zone, for the listings of that zone only: it reads the
    # listing's few rows of those days (in `ix_listing_hours_by_listing` alone)
    # and compares numbers, never a zone's name, row by row.
    h, branches = ListingHour, []
    zone = func.coalesce(func.nullif(Listing.time_zone, ""), site_tz)  # hours.zone

    def has(*conditions):
        return func.max(case((and_(*conditions), 1), else_=0))

    for tz, minute, (weekday, today), (weekday_before, yesterday) in shape:
        holds, ran_on = [h.start_min <= minute, h.end_min > minute], minute + 1440
        is_open = or_(
            has(h.day == weekday, *holds) > has(h.day == today),
            has(h.day == weekday_before, h.end_min > ran_on) > has(h.day == yesterday),
            has(h.day == today, *holds) > 0,
            has(h.day == yesterday, h.end_min > ran_on) > 0,
        )
        days = [weekday, today, weekday_before, yesterday]
        asked = select(is_open).where(h.listing_id == Listing.id, h.day.in_(days))
        branches.append(and_(zone == tz, asked.correlate(Listing).scalar_subquery()))
    return or_(*branches)


@lru_cache(maxsize=16)
def _changes(shape: tuple):
    """(zone number, minute of its day) of the next start or end per zone,
    and (-1, ranges holding the zone's minute, up to BUSY) per zone."""
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
        parts.append(_held(tz, today[0], m))
    return union_all(*parts)


def _held(tz: str, weekday: int, minute: int):
    """How many of today's weekly ranges hold the minute, counted up to BUSY.
    The smaller side is read: before noon the ranges that have begun, after
    it those not yet ended (the other column is left unindexed)."""
    h = ListingHour
    start, end = h.start_min, h.end_min
    if minute < 720:
        end = unindexed(end)
    else:
        start = unindexed(start)
    held = select(h.listing_id).where(
        h.tz == tz, h.day == weekday, start <= minute, end > minute
    )
    return select(literal(-1), func.count()).select_from(held.limit(BUSY).subquery())
