"""Template helpers for directory pages: money, link rel, state labels, policy."""

from myapp import formatting
from myapp.database import utcnow
from myapp.directory import bp
from myapp.directory.listings import services as listings
from myapp.directory.vocabulary import REVIEW_LABELS, STATUS_LABELS

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
    "images": "Pictures",
    "hours": "Opening hours",
    "time_zone": "Time zone",
    "links": "Links",
    "show_email": "E-mail shown",
    "latitude": "Latitude",
    "longitude": "Longitude",
}


@bp.app_template_filter("money")
def money(cents: int, currency: str = "EUR") -> str:
    """4900, "EUR" → "49.00 EUR"; a price of nothing reads "Free"."""
    return formatting.money(cents, currency) if cents else "Free"


@bp.app_template_filter("listing_rel")
def listing_rel(listing) -> str:
    """Paid links are sponsored; free ones are not endorsed (nofollow)."""
    return listings.link_rel(listing)


@bp.app_template_filter("status_label")
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


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


@bp.app_template_filter("review_label")
def review_label(action: str) -> str:
    """ "approve" → "Approve": the button text of a review action."""
    return REVIEW_LABELS.get(action, action)
