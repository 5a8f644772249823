"""A listing's site watch row: made on first use, its baseline forgotten on
approval and on an approved change of URL (the next good look is the new one)."""

from myapp.directory.trust.models import SiteWatch
from myapp.extensions import db


def watch_for(listing_id: int) -> SiteWatch:
    """The listing's site watch, made on first use."""
    watch = db.session.get(SiteWatch, listing_id)
    if watch is None:
        watch = SiteWatch(listing_id=listing_id)
        db.session.add(watch)
    return watch


def rebaseline(listing_id: int) -> None:
    """Forget the baseline: the next good look is the approved site."""
    watch = db.session.get(SiteWatch, listing_id)
    if watch is not None:
        watch.baseline_fingerprint = watch.baseline_url = watch.baseline_title = None
        watch.baseline_at = None
