"""A listing's views and clicks as every page shows them, computed in one place.

The owner's "your listings", the editors' "all listings" and the listing's
file read these figures, and the dashboard's "top listings" ranks the same
daily counts, so no two pages disagree. The all-time click total is the
listing's `click_count`, which `count_click` raises in the same transaction
as the day's count; `recount_clicks` rebuilds it from the daily counts.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, update

from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.stats.models import DailyCount
from myapp.stats.series import listing_traffic

RECENT_DAYS = 30


@dataclass(frozen=True)
class ListingFigures:
    views_recent: int = 0
    clicks_recent: int = 0
    clicks_all_time: int = 0


def listing_figures(listings: list) -> dict[int, ListingFigures]:
    """{listing id: figures} for the listings on one page, in one query."""
    traffic = listing_traffic([listing.id for listing in listings], RECENT_DAYS)
    figures = {}
    for listing in listings:
        seen = traffic.get(listing.id, {})
        figures[listing.id] = ListingFigures(
            views_recent=seen.get("listing_view", 0),
            clicks_recent=seen.get("listing_click", 0),
            clicks_all_time=listing.click_count,
        )
    return figures


def recount_clicks() -> None:
    """Set every listing's all-time clicks to the sum of its daily counts."""
    total = (
        select(func.coalesce(func.sum(DailyCount.count), 0))
        .where(DailyCount.kind == "listing_click", DailyCount.object_id == Listing.id)
        .scalar_subquery()
    )
    db.session.execute(
        update(Listing)
        .values(click_count=total)
        .execution_options(synchronize_session=False)
    )
