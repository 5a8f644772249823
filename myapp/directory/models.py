"""Directory tables: categories, plans, listings and their history, orders."""

from myapp.directory.billing.models import Order, PaymentEvent
from myapp.directory.catalogue.models import Category, Plan
from myapp.directory.details.models import ListingHour
from myapp.directory.listings.models import (
    EDITABLE_FIELDS,
    Listing,
    ListingEvent,
    ListingNotice,
    ListingRevision,
    ListingWord,
)
from myapp.directory.vocabulary import (
    APPROVED,
    AWAITING_PAYMENT,
    EXPIRED,
    LISTING_STATUSES,
    PENDING,
    REJECTED,
    SUSPENDED,
)

__all__ = [
    "APPROVED",
    "AWAITING_PAYMENT",
    "EDITABLE_FIELDS",
    "EXPIRED",
    "LISTING_STATUSES",
    "PENDING",
    "REJECTED",
    "SUSPENDED",
    "Category",
    "Listing",
    "ListingEvent",
    "ListingHour",
    "ListingNotice",
    "ListingRevision",
    "ListingWord",
    "Order",
    "PaymentEvent",
    "Plan",
]
