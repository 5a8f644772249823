"""Concrete URLs for the routes, chosen by querying the seeded database.

Each picker takes a SQLAlchemy connection and the current naive-UTC time and
returns the placeholder values of its route's path. Queries use the SPEC's
names (articles.slug, listings.status …); link tables are found by their
foreign keys rather than by name.
"""

import re
from collections import Counter

from sqlalchemy import inspect, text


class PickError(RuntimeError):
    """The data set has nothing this route could show."""


PUBLISHED = "a.status = 'published' AND a.published_at <= :now"
LIVE = "l.status = 'approved' AND (l.expires_at IS NULL OR l.expires_at > :now)"


def _one(conn, sql: str, **params):
    row = conn.execute(text(sql), params).first()
    if row is None:
        raise PickError("no rows for: " + " ".join(sql.split()))
    return row


def _link_table(conn, left: str, right: str) -> tuple[str, str, str]:
    """The table with foreign keys to both tables: (name, left_col, right_col)."""
    inspector = inspect(conn)
    for name in inspector.get_table_names():
        columns = {
            fk["referred_table"]: fk["constrained_columns"][0]
            for fk in inspector.get_foreign_keys(name)
        }
        if name not in (left, right) and left in columns and right in columns:
            return name, columns[left], columns[right]
    raise PickError(f"no table links {left} and {right}")


def article(conn, now) -> dict:
    """The published article with the most approved comments (else the newest)."""
    row = conn.execute(
        text(
            f"SELECT a.slug FROM articles a JOIN comments c ON c.article_id = a.id "
            f"WHERE {PUBLISHED} AND c.status = 'approved' "
            f"GROUP BY a.id, a.slug ORDER BY COUNT(c.id) DESC, a.id LIMIT 1"
        ),
        {"now": now},
    ).first()
    if row is None:
        row = _one(
            conn,
            f"SELECT a.slug FROM articles a WHERE {PUBLISHED} "
            f"ORDER BY a.published_at DESC, a.id DESC LIMIT 1",
            now=now,
        )
    return {"slug": row[0]}


def tag(conn, now) -> dict:
    """The tag on the most articles."""
    link, _article_col, tag_col = _link_table(conn, "articles", "tags")
    row = _one(
        conn,
        f"SELECT t.slug FROM tags t JOIN {link} x ON x.{tag_col} = t.id "
        f"GROUP BY t.id, t.slug ORDER BY COUNT(*) DESC, t.id LIMIT 1",
    )
    return {"slug": row[0]}


def category(conn, now) -> dict:
    """The category with the most live listings, its sub-categories' included (as
    its page shows them), as its slug path from the root: a full page in both sets."""
    parent_col = next(
        (
            fk["constrained_columns"][0]
            for fk in inspect(conn).get_foreign_keys("categories")
            if fk["referred_table"] == "categories"
        ),
        None,
    )
    parents = dict(
        conn.execute(text(f"SELECT id, {parent_col or 'NULL'} FROM categories")).all()
    )
    slugs = dict(conn.execute(text("SELECT id, slug FROM categories")).all())
    totals: Counter = Counter()
    rows = conn.execute(
        text(
            f"SELECT l.category_id, COUNT(*) FROM listings l WHERE {LIVE} "
            "GROUP BY l.category_id"
        ),
        {"now": now},
    )
    for category_id, count in rows:
        seen = 0
        while category_id is not None and seen < 10:  # each ancestor gets them too
            totals[category_id] += count
            category_id, seen = parents.get(category_id), seen + 1
    if not totals:
        raise PickError("no category has a live listing")
    category_id = min(totals, key=lambda c: (-totals[c], c))
    path = []
    while category_id is not None and len(path) < 10:
        path.append(slugs[category_id])
        category_id = parents.get(category_id)
    return {"path": "/".join(reversed(path))}


def listing(conn, now) -> dict:
    """The oldest live listing."""
    row = _one(
        conn,
        f"SELECT l.slug FROM listings l WHERE {LIVE} ORDER BY l.id LIMIT 1",
        now=now,
    )
    return {"slug": row[0]}


def search_word(conn, now) -> dict:
    """The commonest word of four letters or more in the newest published titles."""
    titles = conn.execute(
        text(
            f"SELECT a.title FROM articles a WHERE {PUBLISHED} "
            f"ORDER BY a.published_at DESC, a.id DESC LIMIT 50"
        ),
        {"now": now},
    ).scalars()
    words = Counter(
        w.lower() for title in titles for w in re.findall(r"[^\W\d_]{4,}", title)
    )
    if not words:
        raise PickError("no published article titles to take a search word from")
    return {"q": words.most_common(1)[0][0]}
