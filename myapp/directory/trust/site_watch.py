"""What the link checker saw on each listed site, and the editors' answers to it.

The first good look after approval (or after an approved change of URL) is
the baseline; later looks are judged against it by suspect_rules. Suspect
listings wait in /admin/queue: confirm it is fine (the last look becomes the
baseline), suspend, or e-mail the owner.
"""

from flask import current_app
from sqlalchemy import select

from myapp import nameservice
from myapp.audit.services import record
from myapp.database import unit_of_work, utcnow
from myapp.directory.listings import review
from myapp.directory.models import APPROVED, Listing
from myapp.directory.trust import notices
from myapp.directory.trust.domains import registrable_domain
from myapp.directory.trust.fingerprint import PageLook
from myapp.directory.trust.models import SiteWatch
from myapp.directory.trust.suspect_rules import judge
from myapp.directory.trust.vocabulary import SUSPECT_ANSWERS
from myapp.directory.trust.watches import watch_for
from myapp.errors import InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.policy import authorize

ANSWERS = SUSPECT_ANSWERS


def _name_servers(url: str) -> list[str]:
    domain = registrable_domain(url)
    if not domain or not current_app.config["SITE_WATCH_NAME_SERVERS"]:
        return []
    try:
        return nameservice.name_servers(domain)
    except nameservice.LookupFailed:
        return []


def record_look(listing_id: int, page: PageLook) -> str:
    """Store a look at the listing's site; returns the verdict's outcome."""
    listing = db.session.get(Listing, listing_id)
    watch = watch_for(listing_id)
    verdict = judge(
        listing.url,
        page,
        watch.baseline_fingerprint,
        current_app.config["SITE_DRIFT_MAX_BITS"],
        _name_servers(listing.url),
    )
    now = utcnow()
    watch.last_url, watch.last_title = page.final_url[:500], page.title
    watch.last_fingerprint, watch.last_checked_at = page.fingerprint, now
    if verdict.suspect:
        if watch.suspect_kind is None:
            watch.suspect_since = now
        watch.suspect_kind, watch.suspect_reason = verdict.outcome, verdict.reason
        return verdict.outcome
    watch.suspect_kind, watch.suspect_reason, watch.suspect_since = None, "", None
    if watch.baseline_fingerprint is None:
        _baseline_from_last(watch)
        return "baseline"
    return verdict.outcome


def _baseline_from_last(watch: SiteWatch) -> None:
    watch.baseline_url, watch.baseline_title = watch.last_url, watch.last_title
    watch.baseline_fingerprint = watch.last_fingerprint
    watch.baseline_at = watch.last_checked_at


def suspects(limit: int = 50) -> list[SiteWatch]:
    """Live listings whose site looks wrong, oldest suspicion first."""
    return db.session.scalars(
        select(SiteWatch)
        .join(Listing, Listing.id == SiteWatch.listing_id)
        .where(SiteWatch.suspect_kind.is_not(None), Listing.status == APPROVED)
        .order_by(SiteWatch.suspect_since, SiteWatch.listing_id)
        .limit(limit)
    ).all()


def get_watch(listing_id: int) -> SiteWatch:
    watch = db.session.get(SiteWatch, listing_id)
    if watch is None:
        raise NotFoundError("This listing's site has not been checked yet.")
    return watch


@unit_of_work
def answer_suspect(actor, listing_id: int, answer: str) -> SiteWatch:
    """An editor's answer to a suspect site: fine, suspend or contact the owner."""
    authorize(actor, "listing.review")
    watch = get_watch(listing_id)
    if answer not in ANSWERS:
        raise InvalidInput("Choose fine, suspend or contact.", field="answer")
    if watch.suspect_kind is None:
        raise StateError("Nothing about this site looks wrong now.")
    if answer == "fine":
        _baseline_from_last(watch)
        record(actor, "site.fine", watch.listing, watch.suspect_reason)
        watch.suspect_kind, watch.suspect_reason, watch.suspect_since = None, "", None
    elif answer == "suspend":
        reason = f"The site no longer looks like the one listed: {watch.suspect_reason}"
        review.suspend_listing(actor, watch.listing, reason[:500])
    else:
        notices.site_looks_wrong(watch.listing, watch)
        record(actor, "site.contact", watch.listing, watch.suspect_reason)
    return watch
