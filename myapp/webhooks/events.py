"""The events endpoints can receive, and `emit`, called where each change happens.

Each change calls one function here inside its own transaction: the event is
built from the object as the API shows it at that moment and written as one
outbox row per endpoint that wants it, so it is sent only if the change
commits, and after it does. The body is fixed when the event happens; only
the signature's timestamp is new on each try.
"""

import json
import uuid

from sqlalchemy import select

from myapp import outbox
from myapp.database import utcnow
from myapp.extensions import db
from myapp.schemas import UTCDateTime
from myapp.webhooks.models import WebhookEndpoint

KIND = "webhook"  # the outbox kind
TEST_EVENT = "webhook.test"
EVENT_TYPES = {
    "article.published": "An article went live",
    "comment.pending": "A comment waits for moderation",
    "listing.submitted": "A listing was submitted",
    "listing.approved": "A listing was approved",
    "listing.rejected": "A listing was rejected",
    "listing.expired": "A listing's term ended",
    "order.paid": "An order was paid",
}
# Listing state-machine actions that are events (lifecycle.TRANSITIONS names).
LISTING_ACTIONS = {
    "submit": "listing.submitted",
    "submit_paid": "listing.submitted",
    "approve": "listing.approved",
    "reject": "listing.rejected",
    "expire": "listing.expired",
}


def _schema(event_type: str):
    """The API's output schema for the event's object (imported late: no cycles)."""
    kind = event_type.split(".")[0]
    if kind == "article":
        from myapp.articles.schemas import ArticleOut

        return ArticleOut()
    if kind == "comment":
        from myapp.comments.schemas import CommentOut

        return CommentOut()
    if kind == "listing":
        from myapp.directory.schemas import ListingPrivateOut

        return ListingPrivateOut()
    from myapp.directory.schemas import OrderOut

    return OrderOut()


def build_event(event_type: str, data: dict) -> dict:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": event_type,
        "created_at": UTCDateTime()._serialize(utcnow(), None, None),
        "data": data,
    }


def queue_delivery(endpoint: WebhookEndpoint, event: dict):
    """One outbox row: this event to this endpoint (the caller commits)."""
    body = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
    payload = {
        "endpoint_id": endpoint.id,
        "event_id": event["id"],
        "type": event["type"],
        "body": body,
    }
    return outbox.enqueue(KIND, payload, key=f"webhook:{event['id']}:{endpoint.id}")


def emit(event_type: str, obj) -> int:
    """Queue `event_type` for `obj` to every active endpoint that wants it."""
    endpoints = db.session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
    ).all()
    wanted = [e for e in endpoints if event_type in e.events]
    if not wanted:
        return 0
    db.session.flush()  # a new object needs its id before it is dumped,
    db.session.refresh(obj)  # and its times as stored (MySQL keeps no fractions)
    event = build_event(event_type, _schema(event_type).dump(obj))
    for endpoint in wanted:
        queue_delivery(endpoint, event)
    return len(wanted)


# One call each, from the service where the change happens --------------------


def article_changed(article, audit_action: str | None) -> None:
    if audit_action == "article.publish":
        emit("article.published", article)


def comment_created(comment) -> None:
    if comment.status == "pending":
        emit("comment.pending", comment)


def listing_moved(listing, action: str) -> None:
    if action in LISTING_ACTIONS:
        emit(LISTING_ACTIONS[action], listing)


def order_paid(order) -> None:
    emit("order.paid", order)
