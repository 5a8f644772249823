"""Plain functions that make test objects through the real services."""

import itertools

from myapp.auth import services as auth_services

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_user(role="member", email=None, name=None, password=PASSWORD, confirmed=True):
    """An account; confirmed unless asked (registration's state before the link)."""
    n = next(_seq)
    data = {
        "email": email or f"user{n}@example.com",
        "name": name or f"User {n}",
        "password": password,
    }
    return auth_services.create_user(data, role=role, confirmed=confirmed)


def make_article(author, title=None, body=None, **fields):
    """A published article unless `status` says otherwise."""
    from myapp.articles import services as article_services

    n = next(_seq)
    data = {
        "title": title or f"Article {n}",
        "body": body or f"The first paragraph of article {n}.\n\nMore text.",
        "status": "published",
        **fields,
    }
    return article_services.create_article(author, data)


def make_comment(article, actor=None, signals=None, **fields):
    """A comment through the real rules (a visitor's first one is pending)."""
    from myapp.comments import services as comment_services

    n = next(_seq)
    data = {
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.net",
        "body": f"Comment number {n}.",
        **fields,
    }
    return comment_services.create_comment(actor, article, data, signals)


def approve(comment, moderator):
    from myapp.comments import services as comment_services

    return comment_services.moderate_comment(moderator, comment, "approved")


# Directory ---------------------------------------------------------------------


def make_plans():
    """The three plans migration 0004 seeds (create_all does not): {code: Plan}."""
    from myapp.directory.catalogue import plans

    return {plan.code: plan for plan in plans.ensure_default_plans()}


def make_category(name=None, parent=None, actor=None, slug=None):
    from myapp.directory.catalogue import category_admin

    data = {"name": name or f"Category {next(_seq)}"}
    if parent is not None:
        data["parent_id"] = parent.id
    if slug:
        data["slug"] = slug
    return category_admin.create_category(actor or make_user(role="editor"), data)


def make_listing(
    owner=None,
    plan="free",
    status="approved",
    category=None,
    name=None,
    url=None,
    actor=None,
    **fields,
):
    """A listing taken through the real lifecycle to `status`."""
    from datetime import timedelta

    from myapp.database import utcnow
    from myapp.directory.billing import orders
    from myapp.directory.listings import lifecycle, review
    from myapp.directory.listings import services as listings
    from myapp.extensions import db

    make_plans()
    n = next(_seq)
    owner = owner or make_user()
    category = category or make_category()
    data = {
        "name": name or f"Listing {n}",
        "url": url or f"https://site{n}.example.com/",
        "description": "A fine place that does useful things for its customers.",
        "category_id": category.id,
        "plan": plan,
        "contact_email": owner.email,
        **fields,
    }
    listing, order = listings.submit_listing(owner, data)
    if status == "awaiting_payment":
        return listing
    staff = actor or make_user(role="admin")
    if order is not None:
        orders.mark_paid(staff, order, "test payment")
    if status == "pending":
        return listing
    if status == "rejected":
        return review.reject_listing(staff, listing, "Not a fit for the directory.")
    review.approve_listing(staff, listing)
    if status == "suspended":
        return review.suspend_listing(staff, listing, "The site shows malware.")
    if status == "expired":
        listing.expires_at = utcnow() - timedelta(days=1)
        lifecycle.apply(listing, "expire", None, "test")
        db.session.commit()
    return listing


def subject_of(message) -> str:
    """The Subject header decoded (non-ASCII subjects arrive RFC 2047-encoded)."""
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def mail_about(outbox, subject_part):
    """The one e-mail whose subject contains `subject_part` (order-independent)."""
    found = [m for m in outbox() if subject_part in subject_of(m)]
    assert len(found) == 1, [subject_of(m) for m in outbox()]
    return found[0]


def body_of(message):
    return message.get_payload(decode=True).decode()


def make_dead_row(kind="email", payload=None, error="SMTP 550: mailbox unavailable"):
    """An outbox row that gave up, as the admin page shows it."""
    from myapp.extensions import db
    from myapp.outbox.models import DEAD, OutboxMessage

    n = next(_seq)
    payload = payload or {
        "to": f"dead{n}@example.com",
        "subject": f"Undelivered {n}",
        "body": "Body.",
        "headers": {},
    }
    row = OutboxMessage(
        kind=kind,
        key=f"{kind}-dead-{n}",
        payload=payload,
        status=DEAD,
        attempts=10,
        max_attempts=10,
        last_error=error,
    )
    db.session.add(row)
    db.session.commit()
    return row


# Reviews -----------------------------------------------------------------------

REVIEW_TEXT = "Friendly people, fair prices and the work was done on time."


def make_review(listing, author=None, rating=4, status=None, **fields):
    """A review through the real rules; `status` then set by a moderator."""
    from myapp.reviews import moderation, services

    author = author or make_user()
    data = {"rating": rating, "body": REVIEW_TEXT, **fields}
    review = services.create_review(author, listing, data)
    if status and status != review.status:
        action = {"approved": "approve", "rejected": "reject", "spam": "spam"}[status]
        reason = "Not about the business." if action == "reject" else ""
        moderation.decide(make_user(role="editor"), "review", review, action, reason)
    return review
