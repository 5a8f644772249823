"""Opening hours as rows, so "open now" is one indexed query on 20k listings.

`listing_hours` is derived from `listings.hours` (the JSON is the truth) and
rewritten whenever it or the time zone changes: one row per range, in local
minutes after the midnight of the day it starts on (`end_min` may pass 1440),
keyed by the day it belongs to: the weekday 0–6, or the date as YYYYMMDD for
an exception. A closed exception day is a row 0–0, so its date is known to
replace the week. The zone is copied onto each row: a search asks each zone
present for its own local minute.
"""

import json

from sqlalchemy import ForeignKey, Index, SmallInteger, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from myapp.database import unit_of_work
from myapp.directory.details.hours import DAYS, span, zone_name
from myapp.extensions import db
from myapp.page_cache import touch


class ListingHour(db.Model):
    __tablename__ = "listing_hours"
    __table_args__ = (
        Index(
            "ix_listing_hours_open", "tz", "day", "start_min", "end_min", "listing_id"
        ),
        Index(
            "ix_listing_hours_ends", "tz", "day", "end_min", "start_min", "listing_id"
        ),
        Index(
            "ix_listing_hours_by_listing", "listing_id", "day", "start_min", "end_min"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE")
    )
    tz: Mapped[str] = mapped_column(String(64))
    day: Mapped[int]  # 0–6 (Monday first) or YYYYMMDD of an exception
    start_min: Mapped[int] = mapped_column(SmallInteger)
    end_min: Mapped[int] = mapped_column(SmallInteger)


def date_key(iso: str) -> int:
    return int(iso.replace("-", ""))


def rows_for(listing_id: int, hours_json: str | None, tz: str) -> list[dict]:
    if not hours_json:
        return []
    hours = json.loads(hours_json)
    rows = []

    def add(day, pairs):
        spans = [span(p) for p in pairs] or [(0, 0)]
        rows.extend(
            {
                "listing_id": listing_id,
                "tz": tz,
                "day": day,
                "start_min": s,
                "end_min": e,
            }
            for s, e in spans
        )

    for number, key in enumerate(DAYS):
        if hours.get(key):
            add(number, hours[key])
    for exception in hours.get("exceptions", ()):
        add(date_key(exception["date"]), exception.get("hours", ()))
    return rows


def index_hours(listings) -> None:
    """Rewrite the rows of these listings in the caller's transaction.

    The listing's own row changing moves its pages (rules.py), so these
    statements move nothing themselves.
    """
    listings = list(listings)
    if not listings:
        return
    ids = [listing.id for listing in listings]
    db.session.execute(
        delete(ListingHour)
        .where(ListingHour.listing_id.in_(ids))
        .execution_options(page_cache="keep")
    )
    rows = [r for x in listings for r in rows_for(x.id, x.hours, zone_name(x))]
    if rows:
        db.session.execute(
            insert(ListingHour).execution_options(page_cache="keep"), rows
        )


@unit_of_work
def rebuild_hours() -> int:
    """Rewrite every listing's rows (after `SITE_TIMEZONE` changes: the rows of
    a listing without its own zone carry the site's); returns how many listings.
    A listing without hours has no rows: `index_hours` removed them."""
    from myapp.directory.models import Listing

    listings = db.session.execute(
        select(Listing.id, Listing.hours, Listing.time_zone).where(
            Listing.hours.is_not(None)
        )
    ).all()
    for start in range(0, len(listings), 500):
        index_hours(listings[start : start + 500])
    touch(db.session, "index:listings")
    return len(listings)


def index_range(first_id: int, last_id: int) -> None:
    """Rows for a block of bulk-inserted listings (the demo generator)."""
    from myapp.directory.models import Listing

    listings = db.session.execute(
        select(Listing.id, Listing.hours, Listing.time_zone).where(
            Listing.id.between(first_id, last_id), Listing.hours.is_not(None)
        )
    ).all()
    index_hours(listings)
