"""Which listings the link checker visits, and what its results do to them."""

from collections import Counter
from collections.abc import Callable

from flask import current_app
from sqlalchemy import case, select, update

from myapp import outbound
from myapp.database import utcnow
from myapp.directory.linkcheck.checker import Result, Settings, Target, check_all
from myapp.directory.models import Listing, Plan
from myapp.directory.trust import claims, site_watch
from myapp.extensions import db

STRIKES = 3  # failures in a row before a link counts as broken


def settings_from_config() -> Settings:
    config = current_app.config
    return Settings(
        timeout=config["LINKCHECK_TIMEOUT"],
        workers=config["LINKCHECK_WORKERS"],
        host_delay=config["LINKCHECK_HOST_DELAY"],
        user_agent=f"LinchpinLinkChecker/1.0 (+{config['SITE_URL']})",
        site_url=config["SITE_URL"],
        allow_private=bool(config["OUTBOUND_ALLOW_PRIVATE"]),
        allow_networks=outbound.parse_networks(config["OUTBOUND_ALLOW_NETWORKS"]),
        resolver=current_app.extensions.get("outbound_resolver"),
    )


def link_targets() -> list[Target]:
    """Every live listing, with whether its plan asks for a backlink."""
    rows = db.session.execute(
        select(Listing.id, Listing.url, Plan.backlink_required)
        .join(Plan, Listing.plan_id == Plan.id)
        .where(Listing.is_public)
        .order_by(Listing.id)
    )
    return [Target(row.id, row.url, row.backlink_required) for row in rows]


def record_result(result: Result) -> str:
    """Store one result; returns the listing's new link status."""
    now = utcnow()
    if result.ok:
        stmt = update(Listing).ordered_values(
            (Listing.link_status, "ok"),
            (Listing.link_failures, 0),
            (Listing.link_error, result.note),
            (Listing.link_checked_at, now),
            (Listing.backlink_ok, result.backlink_ok),
        )
        status = "ok"
    else:
        # link_status is computed from the old count first: MySQL evaluates SET
        # left to right with new values, SQLite with old ones; this order agrees.
        strike = Listing.link_failures + 1 >= STRIKES
        stmt = update(Listing).ordered_values(
            (Listing.link_status, case((strike, "broken"), else_="failing")),
            (Listing.link_failures, Listing.link_failures + 1),
            (Listing.link_error, result.note[:300]),
            (Listing.link_checked_at, now),
        )
        status = None
    db.session.execute(
        stmt.where(Listing.id == result.listing_id).execution_options(
            synchronize_session=False
        )
    )
    if status is None:
        status = db.session.scalar(
            select(Listing.link_status).where(Listing.id == result.listing_id)
        )
    return status


def check_links(
    targets: list[Target] | None = None,
    on_progress: Callable[[], None] = lambda: None,
    settings: Settings | None = None,
) -> Counter:
    """Check the targets (default: every live listing); count the outcomes:
    link statuses, the site watch's verdicts (`site_<outcome>`) and the
    verified owners whose proof is still there (or lost)."""
    targets = link_targets() if targets is None else targets
    settings = settings or settings_from_config()
    tally: Counter = Counter()

    def on_result(result: Result) -> None:
        tally[record_result(result)] += 1
        tally["checked"] += 1
        if result.page is not None:
            tally["site_" + site_watch.record_look(result.listing_id, result.page)] += 1
        if result.backlink_ok is False:
            tally["backlink_missing"] += 1
        if tally["checked"] % 100 == 0:
            db.session.commit()
        on_progress()

    try:
        check_all(targets, settings, on_result)
    finally:
        db.session.commit()
    proofs = claims.recheck_verified([target.listing_id for target in targets])
    tally["verified_kept"], tally["verified_lost"] = proofs["kept"], proofs["lost"]
    return tally
