"""Every model, imported in one place so metadata is complete for Alembic."""

from myapp.articles.models import Article, RelatedArticle, Tag, article_tags
from myapp.audit.models import AuditEntry
from myapp.auth.models import ApiToken, User
from myapp.comments.models import Comment
from myapp.directory.models import (
    Category,
    Listing,
    ListingEvent,
    ListingNotice,
    ListingRevision,
    Order,
    PaymentEvent,
    Plan,
)
from myapp.outbox.models import OutboxMessage
from myapp.stats.models import DailyCount
from myapp.subscriptions.models import Subscriber, Subscription
from myapp.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Article",
    "article_tags",
    "AuditEntry",
    "Category",
    "Comment",
    "DailyCount",
    "Listing",
    "ListingEvent",
    "ListingNotice",
    "ListingRevision",
    "Order",
    "OutboxMessage",
    "PaymentEvent",
    "Plan",
    "RelatedArticle",
    "Subscriber",
    "Subscription",
    "Tag",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
