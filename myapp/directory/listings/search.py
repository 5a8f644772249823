"""Listing search: an index of each listing's words, the same on every database.

`listing_words` holds one row per word and listing: the word folded (lower
case, accents dropped, so "Café" finds "cafe") and its weight, four for each
time it is in the name and one for each time in the description. A query's
words are prefixes, and a listing must have every one; the best match has
the highest total weight. A prefix is one range of the table's key, so a
common word costs index entries, not rows (MariaDB's FULLTEXT read each
match's row: five times slower for a common word at 20,000 listings).

Services that write a listing's name or description reindex it in their
own transaction (`index_listings`); no trigger, so MySQL needs no trigger
privilege. Search joins back to `listings`, so only public listings are shown.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.orm import joinedload

from myapp.database import unit_of_work
from myapp.directory.models import Listing, ListingWord
from myapp.extensions import db
from myapp.page_cache import shows

MAX_TERMS = 8
NAME_WEIGHT = 4
MAX_WEIGHT = 1000
WORD_LENGTH = 64
TOKEN = re.compile(r"[^\W_]+")
WORDS = ListingWord.__table__


def words_of(text: str | None) -> list[str]:
    """The searchable words of a text: folded, two letters or more."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [w[:WORD_LENGTH] for w in TOKEN.findall(folded) if len(w) >= 2]


def index_listings(ids: Iterable[int]) -> None:
    """(Re)index these listings in the caller's transaction."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.session.execute(WORDS.delete().where(WORDS.c.listing_id.in_(chunk)))
        found = db.session.execute(
            select(Listing.id, Listing.name, Listing.description).where(
                Listing.id.in_(chunk)
            )
        )
        rows = [row for listing in found for row in word_rows(*listing)]
        if rows:
            db.session.execute(WORDS.insert(), rows)


def word_rows(listing_id: int, name: str, description: str) -> list[dict]:
    """The index's rows for one listing (the migration that made it uses them)."""
    weights = Counter()
    for word in words_of(name):
        weights[word] += NAME_WEIGHT
    weights.update(words_of(description))
    return [
        {"word": word, "listing_id": listing_id, "weight": min(weight, MAX_WEIGHT)}
        for word, weight in weights.items()
    ]


def index_range(first_id: int, last_id: int) -> None:
    """Index a block of ids at once (bulk-inserted demo listings)."""
    ids = db.session.scalars(
        select(Listing.id).where(Listing.id.between(first_id, last_id))
    )
    index_listings(ids.all())


@unit_of_work
def rebuild_index() -> int:
    """Rebuild the whole index from `listings`; returns the number of listings."""
    db.session.execute(WORDS.delete())
    ids = db.session.scalars(select(Listing.id)).all()
    index_listings(ids)
    return len(ids)


def terms(q: str | None) -> list[str]:
    """The words of a query; punctuation and operators are never passed on."""
    return words_of(q)[:MAX_TERMS]


def _starts_with(word: str):
    """Index words beginning with `word`: the range from it to its successor."""
    after = word[:-1] + chr(ord(word[-1]) + 1)
    return and_(WORDS.c.word >= word, WORDS.c.word < after)


def _having_all(words: list[str], grouped: bool = False):
    """Ids of listings with a word beginning with each of `words`."""
    each = [_starts_with(word) for word in words]
    stmt = select(WORDS.c.listing_id.label("id")).where(or_(*each))
    if len(each) > 1:
        every = [func.max(case((term, 1), else_=0)) == 1 for term in each]
        return stmt.group_by(WORDS.c.listing_id).having(and_(*every))
    return stmt.group_by(WORDS.c.listing_id) if grouped else stmt


def ranked(words: list[str]):
    """An (id, score) subquery of matching listings; lower score ranks first."""
    score = cast(-func.sum(WORDS.c.weight), Integer).label("score")
    return _having_all(words, grouped=True).add_columns(score).subquery("found")


def matching(stmt, q: str | None):
    """Narrow a listings query to those matching `q` (no-op for an empty query)."""
    words = terms(q)
    if not words:
        return stmt
    return stmt.where(Listing.id.in_(_having_all(words)))


def search_listings(q: str, limit: int = 20) -> list[Listing]:
    """Public listings matching `q`, best first (for the site-wide search page)."""
    shows("search", "index:listings")
    words = terms(q)
    if not words:
        return []
    found = ranked(words)
    stmt = (
        select(Listing)
        .join(found, found.c.id == Listing.id)
        .where(Listing.is_public)
        .options(joinedload(Listing.plan), joinedload(Listing.category))
        .order_by(found.c.score, Listing.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())
