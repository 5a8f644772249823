"""A few confirmed demo subscribers, so the admin counts and digests show something."""

import secrets

import click
from sqlalchemy import func, select

from myapp.articles.models import Tag
from myapp.database import utcnow
from myapp.directory.models import Category
from myapp.extensions import db
from myapp.subscriptions.models import DAILY, WEEKLY, Subscriber
from myapp.subscriptions.services import set_topics


def seed(admin, options: dict) -> None:
    if db.session.scalar(select(func.count()).select_from(Subscriber)):
        return
    tag = db.session.scalar(select(Tag.slug).order_by(Tag.id))
    category = db.session.scalar(
        select(Category.id).where(Category.parent_id.is_(None)).order_by(Category.id)
    )
    wishes = [("daily-reader@example.com", DAILY, {"articles": True})]
    if tag:
        wishes.append(("tag-follower@example.com", WEEKLY, {"tags": [tag]}))
    if category:
        wishes.append(
            ("directory-watcher@example.com", WEEKLY, {"categories": [category]})
        )
    now = utcnow().replace(microsecond=0)
    for email, frequency, topics in wishes:
        # Confirmed as if they had clicked: demo addresses get no confirmation.
        subscriber = Subscriber(
            email=email,
            key=secrets.token_urlsafe(32),
            frequency=frequency,
            confirmed_at=now,
            digest_until=now,
        )
        db.session.add(subscriber)
        set_topics(subscriber, topics)
    db.session.commit()
    click.echo(f"Demo subscribers: {len(wishes)} added (see /admin/subscriptions).")
