"""When each showcase listing happened: a timeline that reads true from "now".

Each step runs at its own moment (`demo_clock.at`), so a listing's events,
orders, audit rows and e-mails carry the dates its pages show: the expired
listing was listed a term before it ended, the suspended one was listed
before it was suspended, a pending one was sent in two days ago.
"""

from datetime import timedelta

from myapp.database import utcnow
from myapp.demo_clock import at
from myapp.directory.billing import orders
from myapp.directory.listings import lifecycle, review
from myapp.directory.listings import services as listings
from myapp.extensions import db

# Days before now each showcase listing was sent in, by the state it ends in;
# the expired and expiring ones follow from their plan's term.
SUBMITTED_DAYS_AGO = {
    "approved": 40,
    "broken": 200,
    "pending": 2,
    "awaiting_payment": 9,
    "rejected": 6,
    "suspended": 60,
    "edited": 90,
}
PAID_AFTER = timedelta(hours=2)
REVIEWED_AFTER = timedelta(days=1)
EXPIRED_DAYS_AGO = 3
EXPIRES_IN_DAYS = 10


def submitted_at(state: str, plan, n: int):
    """The moment the n-th showcase listing was sent in."""
    now = utcnow()
    if state == "expired":
        days = plan.duration_days + EXPIRED_DAYS_AGO + 1
    elif state == "expiring":
        days = plan.duration_days - EXPIRES_IN_DAYS + 1
    else:
        days = SUBMITTED_DAYS_AGO[state] + n
    return now - timedelta(days=days, hours=n)


def play(admin, owner, data: dict, plan, state: str, n: int) -> None:
    """Submit the listing in the past and take it, step by step, to `state`."""
    start = submitted_at(state, plan, n)
    with at(start):
        listing, order = listings.submit_listing(owner, data)
    if state == "awaiting_payment":
        return
    if order is not None:
        with at(start + PAID_AFTER):
            orders.mark_paid(admin, order, "Demo bank transfer")
    if state == "pending":
        return
    with at(start + REVIEWED_AFTER):
        if state == "rejected":
            review.reject_listing(admin, listing, "The site is a page of ads.")
            return
        review.approve_listing(admin, listing)
    _after_approval(admin, listing, state)


def _after_approval(admin, listing, state: str) -> None:
    now = utcnow()
    if state == "suspended":
        with at(now - timedelta(days=2)):
            review.suspend_listing(admin, listing, "Misleading gambling offers.")
    elif state == "expired":
        with at(listing.expires_at + timedelta(hours=1)):
            lifecycle.apply(listing, "expire", None, "The listing's term ended.")
            db.session.commit()
    elif state == "broken":
        with at(now - timedelta(hours=6)):
            listing.link_status, listing.link_failures = "broken", 3
            listing.link_error, listing.link_checked_at = "HTTP 503", utcnow()
            db.session.commit()
    elif state == "edited":
        with at(now - timedelta(days=1)):
            changed = listing.description + " Dogs welcome on a lead."
            listings.update_listing(listing.owner, listing, {"description": changed})
