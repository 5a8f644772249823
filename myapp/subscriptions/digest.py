"""The digest: what is new since each subscriber's last one, sent in batches.

`run()` walks the confirmed subscribers whose period has passed, in batches
of SUBSCRIPTIONS_BATCH_SIZE. For each one it moves `digest_until` on with a
conditional UPDATE (the claim: of two overlapping runs only one wins a
subscriber) and, when something new matches, writes the digest e-mail to
the outbox in the same transaction; each batch commits once. The content of
the whole batch is read in two queries, then filtered per subscriber.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from myapp.articles.models import Article
from myapp.database import utcnow
from myapp.directory.catalogue.categories import load_tree
from myapp.directory.models import APPROVED, Listing
from myapp.extensions import db
from myapp.subscriptions.links import absolute
from myapp.subscriptions.models import (
    ARTICLES,
    CATEGORY,
    DAILY,
    TAG,
    WEEKLY,
    Subscriber,
)
from myapp.subscriptions.services import send_to

PERIODS = {DAILY: timedelta(days=1), WEEKLY: timedelta(days=7)}
# An hourly schedule should not push a daily digest an hour later each day.
SLACK = timedelta(hours=1)
MAX_ITEMS = 30
# Periods are [since, until) in whole seconds (MySQL keeps no fractions), and
# end a minute ago so that a change still committing is in the next one.
LAG = timedelta(seconds=60)


@dataclass
class DigestReport:
    checked: int = 0
    sent: int = 0
    batches: int = 0


def _due(now: datetime):
    return and_(
        Subscriber.confirmed_at.is_not(None),
        or_(
            *(
                and_(
                    Subscriber.frequency == frequency,
                    Subscriber.digest_until <= now - period + SLACK,
                )
                for frequency, period in PERIODS.items()
            )
        ),
    )


def _claim(subscriber: Subscriber, now: datetime) -> datetime | None:
    """Move digest_until to now; returns where the period began, or None if taken."""
    since = subscriber.digest_until
    moved = db.session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber.id, Subscriber.digest_until == since)
        .values(digest_until=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return since if moved == 1 else None


def _content(since: datetime, now: datetime):
    articles = db.session.scalars(
        select(Article)
        .where(
            Article.status == "published",
            Article.published_at >= since,
            Article.published_at < now,
        )
        .options(selectinload(Article.tags))
        .order_by(Article.published_at.desc())
    ).all()
    listings = db.session.scalars(
        select(Listing)
        .where(
            Listing.status == APPROVED,
            Listing.published_at >= since,
            Listing.published_at < now,
            or_(Listing.expires_at.is_(None), Listing.expires_at > now),
        )
        .order_by(Listing.published_at.desc())
    ).all()
    return articles, listings


def _matching(subscriber, since, articles, listings, tree):
    topics = {(s.topic, s.target_id) for s in subscriber.subscriptions}
    everything = (ARTICLES, 0) in topics
    tag_ids = {target for topic, target in topics if topic == TAG}
    category_ids = set()
    for topic, target in topics:
        if topic == CATEGORY and target in tree.by_id:
            category_ids.update(tree.descendant_ids(tree.by_id[target]))
    chosen_articles = [
        a
        for a in articles
        if a.published_at >= since and (everything or tag_ids & {t.id for t in a.tags})
    ]
    chosen_listings = [
        x for x in listings if x.published_at >= since and x.category_id in category_ids
    ]
    return chosen_articles[:MAX_ITEMS], chosen_listings[:MAX_ITEMS]


def _subject(articles, listings) -> str:
    parts = []
    if articles:
        parts.append(f"{len(articles)} new article{'s' * (len(articles) != 1)}")
    if listings:
        parts.append(f"{len(listings)} new listing{'s' * (len(listings) != 1)}")
    return f"{current_app.config['SITE_NAME']}: " + " and ".join(parts)


def _send_digest(subscriber, articles, listings) -> None:
    send_to(
        subscriber,
        _subject(articles, listings),
        "subscription_digest",
        articles=[(a, absolute("articles.show", slug=a.slug)) for a in articles],
        listings=[(x, absolute("directory.show", slug=x.slug)) for x in listings],
    )


def run(now: datetime | None = None, progress: Callable | None = None) -> DigestReport:
    """Send every digest that is due; safe to run twice or in two places at once."""
    now = (now or utcnow() - LAG).replace(microsecond=0)
    size = current_app.config["SUBSCRIPTIONS_BATCH_SIZE"]
    report, after = DigestReport(), 0
    while True:
        batch = db.session.scalars(
            select(Subscriber)
            .where(_due(now), Subscriber.id > after)
            .options(selectinload(Subscriber.subscriptions))
            .order_by(Subscriber.id)
            .limit(size)
        ).all()
        if not batch:
            break
        tree = load_tree()  # per batch: the commit below expires what was loaded
        articles, listings = _content(min(s.digest_until for s in batch), now)
        for subscriber in batch:
            since = _claim(subscriber, now)
            if since is None:
                continue
            chosen = _matching(subscriber, since, articles, listings, tree)
            if any(chosen):
                _send_digest(subscriber, *chosen)
                report.sent += 1
        report.checked += len(batch)
        report.batches += 1
        after = batch[-1].id
        db.session.commit()
        if progress:
            progress(report)
    return report
