"""Every model, imported in one place so metadata is complete for Alembic."""

from myapp.articles.models import Article, RelatedArticle, Tag, article_tags
from myapp.audit.models import AuditEntry
from myapp.auth.models import ApiToken, SignInFailure, User, UserSession
from myapp.auth.twofactor.models import Passkey, RecoveryCode, SignInDevice, TotpFactor
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
from myapp.directory.trust.models import (
    DuplicateHint,
    ListingClaim,
    MatchKey,
    SiteWatch,
)
from myapp.media.models import ArticleImage, ListingImage, MediaFile
from myapp.outbox.models import OutboxMessage
from myapp.reviews.models import Review, ReviewReply, ReviewReport
from myapp.stats.models import DailyCount
from myapp.subscriptions.models import Subscriber, Subscription
from myapp.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "Review",
    "ReviewReply",
    "ReviewReport",
    "ApiToken",
    "Article",
    "article_tags",
    "ArticleImage",
    "AuditEntry",
    "Category",
    "Comment",
    "DailyCount",
    "DuplicateHint",
    "Listing",
    "ListingImage",
    "ListingClaim",
    "ListingEvent",
    "ListingNotice",
    "ListingRevision",
    "Order",
    "MediaFile",
    "Passkey",
    "MatchKey",
    "OutboxMessage",
    "PaymentEvent",
    "Plan",
    "RecoveryCode",
    "RelatedArticle",
    "SignInDevice",
    "SiteWatch",
    "Subscriber",
    "Subscription",
    "Tag",
    "SignInFailure",
    "TotpFactor",
    "User",
    "UserSession",
    "WebhookDelivery",
    "WebhookEndpoint",
]
