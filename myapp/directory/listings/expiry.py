"""Renewal reminders and expiries, for `flask directory expire` (safe to run hourly).

A reminder is recorded in `listing_notices` (unique per listing, kind and
term end) before it is sent, so each goes out once per term however often
or concurrently the command runs; a renewed term gets its own reminders.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from myapp.database import utcnow
from myapp.directory import notify
from myapp.directory.listings import lifecycle
from myapp.directory.models import APPROVED, Listing, ListingNotice
from myapp.errors import StateError
from myapp.extensions import db

log = logging.getLogger(__name__)
REMINDER_DAYS = (3, 14)  # most urgent first: a listing gets the nearer one only


@dataclass
class ExpiryReport:
    reminded: list[tuple[Listing, int]] = field(default_factory=list)
    expired: list[Listing] = field(default_factory=list)


def _claim(listing: Listing, kind: str, days: int) -> bool:
    """Record the notice with its e-mail; False if this term already had it."""
    db.session.add(
        ListingNotice(listing_id=listing.id, kind=kind, expires_at=listing.expires_at)
    )
    try:
        db.session.flush()
        notify.renewal_reminder(listing, days)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _already_sent(listing: Listing, kinds: list[str]) -> bool:
    return (
        db.session.scalar(
            select(ListingNotice.id).where(
                ListingNotice.listing_id == listing.id,
                ListingNotice.kind.in_(kinds),
                ListingNotice.expires_at == listing.expires_at,
            )
        )
        is not None
    )


def send_reminders(now=None) -> list[tuple[Listing, int]]:
    """Remind owners 14 and 3 days before the end of a term, once each."""
    now = now or utcnow()
    horizon = now + timedelta(days=max(REMINDER_DAYS))
    due = db.session.scalars(
        select(Listing)
        .where(
            Listing.status == APPROVED,
            Listing.expires_at > now,
            Listing.expires_at <= horizon,
        )
        .options(joinedload(Listing.owner))
        .order_by(Listing.expires_at)
    ).all()
    sent = []
    for listing in due:
        days = next(
            d for d in REMINDER_DAYS if listing.expires_at <= now + timedelta(days=d)
        )
        kind = f"reminder_{days}"
        urgent = [f"reminder_{d}" for d in REMINDER_DAYS if d <= days]
        # Days to the end, to the nearest: 47 hours left is "2 days", not "1".
        left = max(1, round((listing.expires_at - now).total_seconds() / 86400))
        if _already_sent(listing, urgent) or not _claim(listing, kind, left):
            continue
        sent.append((listing, days))
    return sent


def expire_listings(now=None) -> list[Listing]:
    """Record the expiry of every approved listing whose term has ended."""
    now = now or utcnow()
    ended = db.session.scalars(
        select(Listing)
        .where(Listing.status == APPROVED, Listing.expires_at <= now)
        .options(joinedload(Listing.owner))
        .order_by(Listing.expires_at)
    ).all()
    done = []
    for listing in ended:
        # Insert-first: of two overlapping runs, only one records this expiry.
        db.session.add(
            ListingNotice(
                listing_id=listing.id, kind="expired", expires_at=listing.expires_at
            )
        )
        try:
            db.session.flush()
            lifecycle.apply(listing, "expire", None, "The listing's term ended.")
            notify.expired(listing)
            db.session.commit()
        except (IntegrityError, StateError):
            db.session.rollback()
            continue
        done.append(listing)
    return done


def run(now=None) -> ExpiryReport:
    """Reminders first, then expiries; each step is idempotent."""
    return ExpiryReport(reminded=send_reminders(now), expired=expire_listings(now))
