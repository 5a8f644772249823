"""Every model, imported in one place so metadata is complete for Alembic."""

from myapp.audit.models import AuditEntry
from myapp.auth.models import ApiToken, User
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
from myapp.stats.models import DailyCount

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Category",
    "DailyCount",
    "Listing",
    "ListingEvent",
    "ListingNotice",
    "ListingRevision",
    "Order",
    "PaymentEvent",
    "Plan",
    "User",
]
