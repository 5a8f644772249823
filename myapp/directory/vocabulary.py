"""The directory's words, defined once: statuses, actions and what they read as.

Models, schemas, services, views and templates import these names; nothing
else spells a status. Plain constants, so schemas may import them too.
"""

# A listing's stored `status`. What a reader sees is `Listing.shown_status`:
# the same, except that an approved listing whose term has ended shows EXPIRED
# before the expiry job has recorded it. The allowed moves are in lifecycle.py.
AWAITING_PAYMENT = "awaiting_payment"
PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
EXPIRED = "expired"
SUSPENDED = "suspended"
LISTING_STATUSES = (AWAITING_PAYMENT, PENDING, APPROVED, REJECTED, EXPIRED, SUSPENDED)
STATUS_LABELS = {
    AWAITING_PAYMENT: "Awaiting payment",
    PENDING: "Waiting for review",
    APPROVED: "Live",
    REJECTED: "Rejected",
    EXPIRED: "Expired",
    SUSPENDED: "Suspended",
}

# What an editor may do to a listing, and what the buttons say.
REVIEW_ACTIONS = ("approve", "reject", "suspend", "reinstate")
REVIEW_LABELS = {
    "approve": "Approve",
    "reject": "Reject",
    "suspend": "Suspend",
    "reinstate": "Reinstate",
}
NEEDS_REASON = ("reject", "suspend")
# What the flash message says happened ("Walkers Bakery is suspended").
REVIEW_DONE = {
    "approve": "approved",
    "reject": "rejected",
    "suspend": "suspended",
    "reinstate": "reinstated",
}


def review_done(name: str, action: str) -> str:
    """One listing's outcome as a sentence: "Walkers Bakery is suspended"."""
    return f"{name} is {REVIEW_DONE.get(action, action)}."


def bulk_done(count: int, action: str) -> str:
    """Many listings' outcome: "1 listing rejected", "3 listings approved"."""
    noun = "listing" if count == 1 else "listings"
    return f"{count} {noun} {REVIEW_DONE.get(action, action)}."


# An owner's change to a reviewed listing (ListingRevision.status).
EDIT_PENDING, EDIT_APPROVED = "pending", "approved"
EDIT_REJECTED, EDIT_SUPERSEDED = "rejected", "superseded"
EDIT_DECISIONS = ("approve", "reject")

# Orders: what they are for, and where they stand.
SUBMISSION, RENEWAL, UPGRADE = "submission", "renewal", "upgrade"
ORDER_KINDS = (SUBMISSION, RENEWAL, UPGRADE)
UNPAID, PAID, CANCELLED = "unpaid", "paid", "cancelled"
ORDER_STATUSES = (UNPAID, PAID, CANCELLED)

# Orders of a directory search: best match (featured first without words),
# newest first, or by name.
SORTS = ("relevance", "newest", "name")
