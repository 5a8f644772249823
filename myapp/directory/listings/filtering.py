"""Directory search with filters: the same names in the page's URL and the API.

Filters: `q` (words), `city`, `country`, `open` (open at the time of the
request, in each listing's zone), `featured`, `plan`; `sort` is relevance
(best match for words, else featured first then newest), newest or name.
Each filter narrows one query, so a page costs the same few statements
whatever is ticked. An "open now" page is kept in the cache only until the
next listing may open or close.
"""

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from myapp.database import is_sqlite, unindexed
from myapp.directory.details import open_now
from myapp.directory.listings import search
from myapp.directory.models import Listing, Plan
from myapp.extensions import db
from myapp.page_cache import shows, until
from myapp.pagination import Page, keyset_page

FILTERS = ("q", "city", "country", "open", "featured", "plan", "sort")
# sort: (key columns, descending); each has an index in listings/models.py.
ORDERS = {
    "relevance": ([Listing.featured, Listing.published_at, Listing.id], True),
    "newest": ([Listing.published_at, Listing.id], True),
    "name": ([Listing.name, Listing.id], False),
}


def filters_from(args, schema) -> dict:
    """The page's query string as filters; a value that does not load is left
    out, so a hand-edited URL still shows a page."""
    raw = {k: v for k, v in args.items() if k in (*FILTERS, "cursor") and v.strip()}
    while True:
        try:
            return schema.load(raw)
        except ValidationError as err:
            bad = set(err.messages) & set(raw)
            if not bad:
                return {}
            for key in bad:
                raw.pop(key)


def url_args(filters: dict) -> dict:
    """Filters as URL arguments (for the pager and the form's links)."""
    out = {}
    for key in FILTERS:
        value = filters.get(key)
        if value in (None, "", False):
            continue
        out[key] = "1" if value is True else value
    return out


def _same(column, value: str):
    return func.lower(column) == value.strip().lower()


def search_listings(filters: dict, category_ids=None, limit: int = 20) -> Page:
    """Live listings matching the filters, in the chosen order (one page)."""
    q = filters.get("q")
    shows("index:listings", *(["search"] if q else []))
    cursor, words = filters.get("cursor"), search.terms(q)
    conditions = _conditions(filters, category_ids, narrow=bool(words))
    sort = filters.get("sort") or "relevance"
    if sort == "relevance" and words:
        # Best match first: the score is the search's, read beside each id.
        found = search.ranked(words)
        ids = select(Listing.id, found.c.score).join(found, _matched(found))
        columns, descending = [found.c.score, Listing.id], False
    else:
        # From an index that holds every filtered column (ORDERS): a filter
        # few listings pass costs index entries, not rows.
        columns, descending = ORDERS.get(sort, ORDERS["relevance"])
        ids = search.matching(select(*columns), q)
    ids = ids.where(*conditions)
    return keyset_page(ids, columns, cursor, limit, descending, load=_cards())


def _matched(found):
    """The join of listings to their search matches, read from the matches.

    SQLite: with the matches' ids unindexed it does not walk every listing in
    an order index (it holds every filtered column) and look each up among
    the matches, asking each whether it is open on the way. MariaDB reads the
    matches first on its own."""
    key = unindexed(found.c.id) if is_sqlite() else found.c.id
    return key == Listing.id


def _cards():
    """Listings with what their cards show (the logo comes joined by itself)."""
    return select(Listing).options(
        joinedload(Listing.plan), joinedload(Listing.category)
    )


def _conditions(filters: dict, category_ids, narrow: bool) -> list:
    """The WHERE terms of the filters, each on a column of the listing's row
    (`narrow`: words leave only their matches to walk)."""
    where = [Listing.is_public]
    if category_ids is not None:
        where.append(Listing.category_id.in_(category_ids))
    if filters.get("featured") is not None:
        where.append(Listing.featured == int(filters["featured"]))
    if filters.get("city"):
        where.append(_same(Listing.city, filters["city"]))
    if filters.get("country"):
        where.append(_same(Listing.country, filters["country"]))
    if filters.get("plan"):
        plan_id = select(Plan.id).where(Plan.code == filters["plan"])
        where.append(Listing.plan_id == plan_id.scalar_subquery())
    if filters.get("open"):
        now = open_now.clock()
        where.append(open_now.open_condition(now, narrow))
        until(now.next_change)
    return where


def plan_choices() -> list[tuple[str, str]]:
    """(code, name) of the active plans, for the filter form."""
    shows("plans")
    rows = db.session.execute(
        select(Plan.code, Plan.name)
        .where(Plan.active.is_(True))
        .order_by(Plan.position)
    )
    return [(code, name) for code, name in rows]
