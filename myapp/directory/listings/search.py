"""Full-text search over listings: SQLite FTS5 or a MySQL FULLTEXT index.

`listings_fts` holds each listing's name and description, keyed by listing
id, and is kept current by the services that write them (`index_listings`).
Search joins back to `listings`, so only public listings are ever returned.
The migration creates the same table; tests get it from the DDL below.
"""

import re
from collections.abc import Iterable

from sqlalchemy import DDL, Float, Integer, bindparam, event, select, text
from sqlalchemy.orm import joinedload

from myapp.database import unit_of_work
from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.page_cache import shows

MAX_TERMS = 8
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS listings_fts USING fts5("
    "name, description, tokenize = 'unicode61 remove_diacritics 2')"
)
MYSQL_CREATE = (
    "CREATE TABLE IF NOT EXISTS listings_fts ("
    "listing_id INTEGER NOT NULL PRIMARY KEY, "
    "name VARCHAR(120) NOT NULL, description VARCHAR(2000) NOT NULL, "
    "FULLTEXT KEY ft_listings_fts (name, description)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
)
DROP = "DROP TABLE IF EXISTS listings_fts"

event.listen(
    Listing.__table__, "after_create", DDL(SQLITE_CREATE).execute_if(dialect="sqlite")
)
event.listen(
    Listing.__table__, "after_create", DDL(MYSQL_CREATE).execute_if(dialect="mysql")
)
event.listen(Listing.__table__, "before_drop", DDL(DROP))


def _key() -> str:
    return "rowid" if db.engine.dialect.name == "sqlite" else "listing_id"


def index_listings(ids: Iterable[int]) -> None:
    """(Re)index these listings in the caller's transaction."""
    ids = sorted(set(ids))
    key = _key()
    for start in range(0, len(ids), 500):
        chunk = {"ids": ids[start : start + 500]}
        delete = text(f"DELETE FROM listings_fts WHERE {key} IN :ids")  # noqa: S608
        insert = text(
            f"INSERT INTO listings_fts ({key}, name, description) "  # noqa: S608
            "SELECT id, name, description FROM listings WHERE id IN :ids"
        )
        for stmt in (delete, insert):
            db.session.execute(stmt.bindparams(bindparam("ids", expanding=True)), chunk)


def index_range(first_id: int, last_id: int) -> None:
    """Index a block of ids at once (bulk-inserted demo listings)."""
    key, bounds = _key(), {"a": first_id, "b": last_id}
    db.session.execute(
        text(f"DELETE FROM listings_fts WHERE {key} BETWEEN :a AND :b"),  # noqa: S608
        bounds,
    )
    db.session.execute(
        text(
            f"INSERT INTO listings_fts ({key}, name, description) "  # noqa: S608
            "SELECT id, name, description FROM listings WHERE id BETWEEN :a AND :b"
        ),
        bounds,
    )


@unit_of_work
def rebuild_index() -> int:
    """Rebuild the whole index from `listings`; returns the number of rows."""
    db.session.execute(text("DELETE FROM listings_fts"))
    key = _key()
    result = db.session.execute(
        text(
            f"INSERT INTO listings_fts ({key}, name, description) "  # noqa: S608
            "SELECT id, name, description FROM listings"
        )
    )
    return result.rowcount


def terms(q: str | None) -> list[str]:
    """The words of a query; punctuation and operators are never passed on."""
    words = re.findall(r"\w+", q or "", flags=re.UNICODE)
    return [w.lower() for w in words if len(w) >= 2][:MAX_TERMS]


def ranked(words: list[str]):
    """A (id, score) subquery of matching listings; lower score ranks first."""
    if db.engine.dialect.name == "sqlite":
        query = " ".join('"' + w + '"*' for w in words)
        sql = (
            "SELECT rowid AS id, rank AS score FROM listings_fts "
            "WHERE listings_fts MATCH :q"
        )
    else:
        query = " ".join("+" + w + "*" for w in words)
        sql = (
            "SELECT listing_id AS id, "
            "-MATCH(name, description) AGAINST (:q IN BOOLEAN MODE) AS score "
            "FROM listings_fts "
            "WHERE MATCH(name, description) AGAINST (:q IN BOOLEAN MODE)"
        )
    return (
        text(sql).bindparams(q=query).columns(id=Integer, score=Float).subquery("fts")
    )


def matching(stmt, q: str | None):
    """Narrow a listings query to those matching `q` (no-op for an empty query)."""
    words = terms(q)
    if not words:
        return stmt
    fts = ranked(words)
    return stmt.where(Listing.id.in_(select(fts.c.id)))


def search_listings(q: str, limit: int = 20) -> list[Listing]:
    """Public listings matching `q`, best first (for the site-wide search page)."""
    shows("search", "index:listings")
    words = terms(q)
    if not words:
        return []
    fts = ranked(words)
    stmt = (
        select(Listing)
        .join(fts, fts.c.id == Listing.id)
        .where(Listing.is_public)
        .options(joinedload(Listing.plan), joinedload(Listing.category))
        .order_by(fts.c.score, Listing.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())
