"""Demo reviews: one listing above the average's threshold with an owner's
reply, one below it, one with a review waiting for moderation."""

import click
from sqlalchemy import func, select

from myapp.directory.demo import ensure_owner
from myapp.directory.listings.models import Listing
from myapp.extensions import db
from myapp.reviews import moderation, services
from myapp.reviews.models import Review

REVIEWERS = (
    ("sam@example.com", "Sam Okafor"),
    ("lena@example.com", "Lena Vogel"),
    ("mateo@example.com", "Mateo Silva"),
    ("ada@example.com", "Ada Brennan"),
)
NEWCOMER = ("noor@example.com", "Noor Haddad")  # a first review: it waits
# site → [(rating, text, approved?)], and the owner's reply to the first review
SAMPLES = {
    "crumb-and-crust": (
        [
            (
                5,
                "The rye is the best I have had outside Germany, and still warm "
                "at eight in the morning.",
                True,
            ),
            (
                4,
                "Lovely pastries at the weekend; the queue on Saturdays is long "
                "but it moves quickly.",
                True,
            ),
            (
                5,
                "They sold me a jar of starter and wrote the feeding times on "
                "the lid. Bread at home has never been better.",
                True,
            ),
            (
                4,
                "Friendly staff and fair prices; the seeded loaf keeps for days.",
                True,
            ),
        ],
        "Thank you! The starter is eleven years old now; bring the jar back "
        "any time for a top-up.",
    ),
    "northside-roasters": (
        [
            (
                5,
                "Their Saturday brewing class taught me more than a year of "
                "videos. Great single origins too.",
                True,
            ),
            (
                3,
                "Good coffee, but the tasting bar was too crowded to talk to "
                "the roaster.",
                True,
            ),
        ],
        None,
    ),
    "paper-lantern-books": (
        [
            (
                5,
                "A poetry shelf that goes on and on, and staff who read what "
                "they sell.",
                True,
            ),
            (
                4,
                "The children's corner kept my two busy for an hour. We left "
                "with far too many books.",
                True,
            ),
            (4, "The monthly readings are a treat; arrive early for a seat.", True),
            (
                2,
                "Lovely shop, but they could not order the book I asked for "
                "within a month.",
                False,
            ),
        ],
        None,
    ),
}


def seed(admin, options: dict) -> None:
    """Add the sample reviews to showcase listings that have none yet."""
    reviewers = [ensure_owner(email, name) for email, name in REVIEWERS]
    newcomer = ensure_owner(*NEWCOMER)
    added = 0
    for site, (samples, reply) in SAMPLES.items():
        listing = db.session.scalar(
            select(Listing).where(Listing.url == f"https://{site}.example/")
        )
        if listing is None or not listing.is_public or _has_reviews(listing):
            continue
        made = []
        for reviewer, (rating, text, approve) in zip(reviewers, samples, strict=False):
            data = {"rating": rating, "body": text}
            writer = reviewer if approve else newcomer
            review = services.create_review(writer, listing, data)
            if approve and review.status != "approved":
                moderation.decide(admin, "review", review, "approve")
            made.append(review)
            added += 1
        if reply:
            answer = services.save_reply(listing.owner, made[0], {"body": reply})
            moderation.decide(admin, "reply", answer, "approve")
    click.echo(f"Sample reviews: {added} added.")


def _has_reviews(listing: Listing) -> bool:
    stmt = (
        select(func.count()).select_from(Review).where(Review.listing_id == listing.id)
    )
    return bool(db.session.scalar(stmt))
