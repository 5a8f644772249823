"""Field-level rules shared by submissions, direct edits and approved revisions."""

from urllib.parse import urlsplit

from sqlalchemy import select

from myapp.directory.catalogue.categories import adjust_count
from myapp.directory.details.models import index_hours
from myapp.directory.listings import search
from myapp.directory.models import APPROVED, EDITABLE_FIELDS, Category, Listing
from myapp.directory.trust import duplicates, watches
from myapp.errors import ConflictError, InvalidInput
from myapp.extensions import db

ADDRESS_FIELDS = ("street", "city", "postcode", "country")


def normalise_url(url: str) -> str:
    """The duplicate key: host and path, without scheme, "www.", port 80/443 or a
    trailing slash ("https://www.Example.com/shop/" → "example.com/shop")."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    return (netloc + parts.path.rstrip("/"))[:500]


def refuse_duplicate(
    url_key: str, exclude_id: int | None = None, owner_id: int | None = None
) -> None:
    """A clear error on `url` when another listing already has this site.

    The other listing is named only when it is public or the owner's own: an
    unpublished listing of another member stays secret.
    """
    stmt = select(Listing).where(Listing.url_key == url_key)
    if exclude_id:
        stmt = stmt.where(Listing.id != exclude_id)
    other = db.session.scalar(stmt.limit(1))
    if other is None:
        return
    if other.is_public or (owner_id is not None and other.owner_id == owner_id):
        detail = f"This site is already in the directory (as “{other.name}”)."
    else:
        detail = "This site is already in the directory."
    raise ConflictError(detail, field="url")


def category_for(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise InvalidInput("Choose a category from the list.", field="category_id")
    return category


def columns_from(data: dict) -> dict:
    """Loaded schema data → listing column values (the address is flattened)."""
    values = {k: data[k] for k in EDITABLE_FIELDS if k in data}
    address = data.get("address") or {}
    for key in ADDRESS_FIELDS:  # only the parts given: a PATCH may send one
        if key in address:
            values[key] = address[key] or None
    for key in ("phone",):
        if key in values and not values[key]:
            values[key] = None
    return values


def changed_columns(listing: Listing, values: dict) -> dict:
    """Only the values that differ from the listing's current ones."""
    return {k: v for k, v in values.items() if getattr(listing, k) != v}


def check_changes(listing: Listing, values: dict) -> None:
    """Validate a change set against the database (category, duplicate URL)."""
    if "category_id" in values:
        category_for(values["category_id"])
    if "url" in values:
        refuse_duplicate(
            normalise_url(values["url"]),
            exclude_id=listing.id,
            owner_id=listing.owner_id,
        )


def apply_changes(listing: Listing, values: dict) -> None:
    """Write changes to the live listing, keeping counts and search current."""
    check_changes(listing, values)
    new_category = values.get("category_id", listing.category_id)
    if listing.status == APPROVED and new_category != listing.category_id:
        adjust_count(listing.category_id, -1)
        adjust_count(new_category, 1)
    for key, value in values.items():
        setattr(listing, key, value)
    if "url" in values and listing.url_key is not None:
        listing.url_key = normalise_url(listing.url)
        watches.rebaseline(listing.id)
    if values.keys() & set(duplicates.KEY_COLUMNS):
        duplicates.remember(listing)
    if "name" in values or "description" in values:
        db.session.flush()
        search.index_listings([listing.id])
    if values.keys() & {"hours", "time_zone"}:
        db.session.flush()
        index_hours([listing])
