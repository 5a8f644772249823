"""Subscribe (double opt-in), confirm, change and unsubscribe; admins' counts."""

import secrets

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from myapp import mail
from myapp.articles.models import Tag
from myapp.database import utcnow
from myapp.directory.models import Category
from myapp.errors import InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.policy import authorize
from myapp.subscriptions import links
from myapp.subscriptions.models import (
    ARTICLES,
    CATEGORY,
    TAG,
    Subscriber,
    Subscription,
)

CHECK_INBOX = (
    "Thank you. Check your inbox: nothing is sent until you confirm with the "
    "link in the e-mail we just sent."
)


def subscribe_rate_limit() -> str:
    return current_app.config["SUBSCRIBE_RATE_LIMIT"]


def _site() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def send_to(subscriber: Subscriber, subject: str, template: str, **context) -> None:
    mail.send(
        subscriber.email,
        subject,
        template,
        headers=links.list_headers(subscriber),
        subscriber=subscriber,
        manage_url=links.manage_url(subscriber),
        unsubscribe_url=links.unsubscribe_url(subscriber),
        site=_site(),
        **context,
    )


def subscribe(actor, data: dict) -> str:
    """Ask to subscribe; the answer is the same whether the address is known or not.

    A new or unconfirmed address gets (again) a confirmation e-mail and its
    choices are kept until it confirms; a confirmed address gets a link to
    its settings instead, so nobody can change another reader's choices.
    """
    email = data["email"].strip().lower()
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.email == email))
    if subscriber is not None and subscriber.is_confirmed:
        send_to(subscriber, "Your e-mail subscriptions", "subscription_manage")
        db.session.commit()
        return CHECK_INBOX
    if subscriber is None:
        subscriber = Subscriber(email=email, key=secrets.token_urlsafe(32))
        if getattr(actor, "is_authenticated", False) and actor.email == email:
            subscriber.user_id = actor.id
        db.session.add(subscriber)
    set_topics(subscriber, data)
    send_to(
        subscriber,
        "Confirm your subscription",
        "subscription_confirm",
        confirm_url=links.confirm_url(subscriber),
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same address, at the same moment: one is enough
        db.session.rollback()
    return CHECK_INBOX


def set_topics(subscriber: Subscriber, data: dict) -> None:
    """Make the subscriber's topics exactly these (caller commits)."""
    wanted = {(ARTICLES, 0)} if data.get("articles") else set()
    tags = _ids(Tag, Tag.slug, data.get("tags", []), "tags", "No such tag")
    cats = _ids(
        Category,
        Category.id,
        data.get("categories", []),
        "categories",
        "No such category",
    )
    wanted |= {(TAG, i) for i in tags} | {(CATEGORY, i) for i in cats}
    if "frequency" in data:
        subscriber.frequency = data["frequency"]
    have = {(s.topic, s.target_id): s for s in subscriber.subscriptions}
    for pair, row in have.items():
        if pair not in wanted:
            subscriber.subscriptions.remove(row)
    for topic, target in wanted - have.keys():
        subscriber.subscriptions.append(Subscription(topic=topic, target_id=target))


def _ids(model, column, values, field: str, message: str) -> list[int]:
    if not values:
        return []
    found = dict(
        db.session.execute(select(column, model.id).where(column.in_(values))).all()
    )
    missing = [v for v in values if v not in found]
    if missing:
        raise InvalidInput(f"{message}: {missing[0]}.", field=field)
    return sorted(set(found.values()))


def _find(key: str) -> Subscriber | None:
    return db.session.scalar(select(Subscriber).where(Subscriber.key == key))


def by_key(key: str | None) -> Subscriber:
    subscriber = key and _find(key)
    if not subscriber:
        raise NotFoundError("This link is no longer valid: you may have unsubscribed.")
    return subscriber


def from_token(token: str) -> Subscriber:
    """The subscriber a manage or unsubscribe link stands for."""
    return by_key(links.key_from(token))


def confirm(token: str) -> Subscriber:
    """The click that turns a request into a subscription (idempotent)."""
    subscriber = by_key(links.key_from_confirm(token))
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = subscriber.digest_until = utcnow().replace(
            microsecond=0
        )
        db.session.commit()
    return subscriber


def update_topics(subscriber: Subscriber, data: dict) -> Subscriber:
    set_topics(subscriber, data)
    db.session.commit()
    return subscriber


def unsubscribe(token: str) -> bool:
    """Forget the address and everything it followed; False if already gone."""
    key = links.key_from(token)
    subscriber = key and _find(key)
    if not subscriber:
        return False
    db.session.delete(subscriber)
    db.session.commit()
    return True


def for_user(user) -> Subscriber | None:
    """The member's confirmed subscription, made while signed in.

    Linked by user id, not by address: an account's e-mail is not proof of
    the mailbox, the confirmation click is.
    """
    return db.session.scalar(
        select(Subscriber).where(
            Subscriber.user_id == user.id, Subscriber.confirmed_at.is_not(None)
        )
    )


def choices(subscriber: Subscriber | None) -> dict:
    """The form's current values: {"articles", "tags" (slugs), "categories"}."""
    rows = subscriber.subscriptions if subscriber else []
    tag_ids = [s.target_id for s in rows if s.topic == TAG]
    slugs = (
        db.session.scalars(select(Tag.slug).where(Tag.id.in_(tag_ids))).all()
        if tag_ids
        else []
    )
    return {
        "frequency": subscriber.frequency if subscriber else "weekly",
        "articles": any(s.topic == ARTICLES for s in rows),
        "tags": list(slugs),
        "categories": [s.target_id for s in rows if s.topic == CATEGORY],
    }


def all_tags() -> list[Tag]:
    return list(db.session.scalars(select(Tag).order_by(Tag.name)))


def counts(actor) -> dict:
    """Subscribers by state and frequency, and confirmed followers per topic."""
    authorize(actor, "subscriptions.view_counts")
    confirmed = Subscriber.confirmed_at.is_not(None)
    by_state = dict(
        db.session.execute(select(confirmed, func.count()).group_by(confirmed)).all()
    )
    by_frequency = dict(
        db.session.execute(
            select(Subscriber.frequency, func.count())
            .where(confirmed)
            .group_by(Subscriber.frequency)
        ).all()
    )
    return {
        "confirmed": by_state.get(True, 0),
        "unconfirmed": by_state.get(False, 0),
        "daily": by_frequency.get("daily", 0),
        "weekly": by_frequency.get("weekly", 0),
        "topics": _topic_counts(confirmed),
    }


def _topic_counts(confirmed) -> list[dict]:
    followers = (
        select(Subscription.topic, Subscription.target_id, func.count().label("n"))
        .join(Subscriber)
        .where(confirmed)
        .group_by(Subscription.topic, Subscription.target_id)
    )
    rows = db.session.execute(followers).all()
    tags = dict(db.session.execute(select(Tag.id, Tag.name)).all())
    cats = dict(db.session.execute(select(Category.id, Category.path)).all())
    names = {ARTICLES: {0: "Every new article"}, TAG: tags, CATEGORY: cats}
    result = [
        {"topic": topic, "name": names[topic][target], "confirmed": n}
        for topic, target, n in rows
        if target in names.get(topic, {})
    ]
    return sorted(result, key=lambda r: (-r["confirmed"], r["topic"], r["name"]))
