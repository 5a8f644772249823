"""Template helpers for directory pages: money, link rel, state labels, policy."""

from myapp import formatting
from myapp.database import utcnow
from myapp.directory import bp

STATE_LABELS = {
    "awaiting_payment": "Awaiting payment",
    "pending": "Waiting for review",
    "approved": "Live",
    "rejected": "Rejected",
    "expired": "Expired",
    "suspended": "Suspended",
}
FIELD_LABELS = {
    "name": "Name",
    "url": "Address (URL)",
    "description": "Description",
    "category_id": "Category",
    "contact_email": "Contact e-mail",
    "phone": "Phone",
    "street": "Street",
    "city": "City",
    "postcode": "Postcode",
    "country": "Country",
}


@bp.app_template_filter("money")
def money(cents: int, currency: str = "EUR") -> str:
    """4900, "EUR" → "49.00 EUR"; a price of nothing reads "Free"."""
    return formatting.money(cents, currency) if cents else "Free"


@bp.app_template_filter("listing_rel")
def listing_rel(listing) -> str:
    """Paid links are sponsored; free ones are not endorsed (nofollow)."""
    return "sponsored noopener" if listing.plan.is_paid else "nofollow noopener"


@bp.app_template_filter("state_label")
def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


@bp.app_template_filter("field_label")
def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


@bp.app_template_filter("age")
def age(moment) -> str:
    """How long ago, in words a queue reader scans quickly ("3 days")."""
    if moment is None:
        return "—"
    seconds = max(0, int((utcnow() - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    days = seconds // 86400
    return f"{days} day{'' if days == 1 else 's'}"
