"""`flask directory expire`: reminders 14 and 3 days ahead, once each; expiries."""

from datetime import timedelta

from sqlalchemy import select

from myapp.database import utcnow
from myapp.directory.billing import orders
from myapp.directory.listings import expiry
from myapp.directory.models import Category, ListingEvent, ListingNotice
from myapp.extensions import db
from tests.factories import make_listing, subject_of


def subjects(outbox, word):
    return [subject_of(m) for m in outbox() if word in subject_of(m)]


def ending_in(days, **kwargs):
    listing = make_listing(plan="standard", **kwargs)
    listing.expires_at = utcnow() + timedelta(days=days, hours=1)
    db.session.commit()
    return listing


def test_fourteen_day_reminder_goes_out_once(outbox):
    listing = ending_in(10)
    report = expiry.run()
    assert [(x.id, days) for x, days in report.reminded] == [(listing.id, 14)]
    assert subjects(outbox, "expires in") == [f"“{listing.name}” expires in 10 days"]
    assert expiry.run().reminded == []
    assert len(subjects(outbox, "expires in")) == 1


def test_three_day_reminder_follows_and_also_goes_out_once(outbox):
    listing = ending_in(10)
    expiry.run()
    later = utcnow() + timedelta(days=8)
    assert [days for _, days in expiry.run(later).reminded] == [3]
    assert expiry.run(later + timedelta(hours=5)).reminded == []
    kinds = db.session.scalars(
        select(ListingNotice.kind).where(ListingNotice.listing_id == listing.id)
    ).all()
    assert sorted(kinds) == ["reminder_14", "reminder_3"]
    assert len(subjects(outbox, "expires in")) == 2


def test_a_listing_close_to_its_end_gets_only_the_three_day_reminder(outbox):
    ending_in(2)
    assert [days for _, days in expiry.run().reminded] == [3]
    assert expiry.run().reminded == []


def test_far_away_ends_and_free_listings_get_no_reminder(outbox):
    ending_in(30)
    make_listing(plan="free")
    assert expiry.run().reminded == []
    assert subjects(outbox, "expires in") == []


def test_expiry_is_recorded_once_with_an_email(outbox):
    listing = ending_in(1)
    category = db.session.get(Category, listing.category_id)
    assert category.listing_count == 1
    after = utcnow() + timedelta(days=2)
    report = expiry.run(after)
    assert [x.id for x in report.expired] == [listing.id]
    db.session.refresh(listing)
    db.session.refresh(category)
    assert listing.status == "expired" and category.listing_count == 0
    event = db.session.scalar(
        select(ListingEvent).where(ListingEvent.action == "expire")
    )
    assert event.actor_id is None and event.from_status == "approved"
    assert subjects(outbox, "has expired") == [f"“{listing.name}” has expired"]
    again = expiry.run(after + timedelta(hours=1))
    assert again.expired == [] and len(subjects(outbox, "has expired")) == 1


def test_a_renewed_term_gets_its_own_reminders(outbox, admin):
    listing = ending_in(10)
    expiry.run()
    orders.mark_paid(admin, orders.start_renewal(listing.owner, listing))
    assert listing.expires_at > utcnow() + timedelta(days=370)
    a_year_on = listing.expires_at - timedelta(days=10)
    assert [days for _, days in expiry.run(a_year_on).reminded] == [14]
    assert len(subjects(outbox, "expires in")) == 2


def test_expire_command_is_safe_to_run_every_hour(runner, outbox):
    ending_in(5)
    first = runner.invoke(args=["directory", "expire"])
    assert first.exit_code == 0
    assert "Sent 1 reminder(s); 0 listing(s) expired." in first.output
    second = runner.invoke(args=["directory", "expire"])
    assert "Sent 0 reminder(s); 0 listing(s) expired." in second.output
