"""Related articles, stored per article so the article page only reads a few rows.

Rank: more shared tags first, then the more recently published. Each article
keeps its best KEEP matches (a few more than the page shows, so an archived
match does not leave a gap); the page filters to public ones at read time.
`refresh` runs in the saving transaction when an article's tags or status
change: it rebuilds that article's list and offers the article to the lists
of every article sharing a tag. `rebuild_all` recomputes everything in bulk.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from itertools import combinations

from sqlalchemy import Select, bindparam, delete, func, or_, select
from sqlalchemy.orm import aliased

from myapp.articles.models import Article, RelatedArticle, article_tags
from myapp.extensions import db
from myapp.page_cache import touch

# refresh() says which pages its statements change (touch), row by row.
KEEP_PAGES = {"page_cache": "keep"}

SHOWN = 4
KEEP = 8
BATCH = 5000
_EARLIEST = datetime.min


def _key(score: int, published_at: datetime | None, article_id: int) -> tuple:
    return (score, published_at or _EARLIEST, article_id)


def _scores(article_id: int):
    """Published articles sharing a tag with this one, and how many they share."""
    mine, other = aliased(article_tags), aliased(article_tags)
    return (
        select(other.c.article_id.label("neighbour"), func.count().label("score"))
        .select_from(mine)
        .join(other, other.c.tag_id == mine.c.tag_id)
        .join(Article, Article.id == other.c.article_id)
        .where(
            mine.c.article_id == article_id,
            other.c.article_id != article_id,
            Article.status == "published",
        )
        .group_by(other.c.article_id)
        .subquery("scores")
    )


def _own_list(article_id: int) -> list[dict]:
    scores = _scores(article_id)
    stmt = (
        select(scores.c.neighbour, scores.c.score)
        .join(Article, Article.id == scores.c.neighbour)
        .order_by(scores.c.score.desc(), Article.published_at.desc(), Article.id.desc())
        .limit(KEEP)
    )
    return [
        {"article_id": article_id, "related_id": neighbour, "score": score}
        for neighbour, score in db.session.execute(stmt)
    ]


def _contenders(article_id: int) -> dict[int, int]:
    """Neighbours whose lists this article may enter: {neighbour: score}.

    A list that is full and whose every entry shares more tags cannot take
    it; the database rules those out, so a popular tag costs one query.
    """
    scores = _scores(article_id)
    stored = RelatedArticle
    stmt = (
        select(scores.c.neighbour, scores.c.score)
        .outerjoin(stored, stored.article_id == scores.c.neighbour)
        .group_by(scores.c.neighbour, scores.c.score)
        .having(
            or_(
                func.count(stored.related_id) < KEEP,
                func.min(stored.score) <= scores.c.score,
            )
        )
    )
    return dict(db.session.execute(stmt).all())


def _lists(owners: list[int]) -> dict[int, list[tuple]]:
    """The stored lists of these articles, each as (score, published_at, id)."""
    lists: dict[int, list[tuple]] = defaultdict(list)
    for start in range(0, len(owners), 500):
        stmt = (
            select(
                RelatedArticle.article_id,
                RelatedArticle.score,
                Article.published_at,
                RelatedArticle.related_id,
            )
            .join(Article, Article.id == RelatedArticle.related_id)
            .where(RelatedArticle.article_id.in_(owners[start : start + 500]))
        )
        for owner, score, at, related_id in db.session.execute(stmt):
            lists[owner].append(_key(score, at, related_id))
    return lists


def refresh(article: Article) -> None:
    """Bring the stored lists up to date after `article` was saved (not committed)."""
    db.session.flush()
    # Pages that list this article show it as a loaded row: `articles:<id>`.
    touch(db.session, f"articles:{article.id}")
    db.session.execute(
        delete(RelatedArticle).where(
            or_(
                RelatedArticle.article_id == article.id,
                RelatedArticle.related_id == article.id,
            )
        ),
        execution_options=KEEP_PAGES,
    )
    if article.status != "published":
        return
    rows = _own_list(article.id)
    contenders = _contenders(article.id)
    lists = _lists(list(contenders))
    evicted = []
    for neighbour, score in contenders.items():
        mine = _key(score, article.published_at, article.id)
        current = sorted(lists.get(neighbour, []), reverse=True)
        if len(current) < KEEP or mine > current[KEEP - 1]:
            rows.append(
                {"article_id": neighbour, "related_id": article.id, "score": score}
            )
            evicted += [(neighbour, key[2]) for key in current[KEEP - 1 :]]
    # Each neighbour's page lists this article now (or lists another instead).
    touch(db.session, *{f"articles:{row['article_id']}" for row in rows})
    if rows:
        db.session.execute(
            RelatedArticle.__table__.insert(), rows, execution_options=KEEP_PAGES
        )
    if evicted:
        table = RelatedArticle.__table__
        db.session.execute(
            table.delete().where(
                table.c.article_id == bindparam("owner"),
                table.c.related_id == bindparam("dropped"),
            ),
            [{"owner": owner, "dropped": dropped} for owner, dropped in evicted],
            execution_options=KEEP_PAGES,
        )


def rebuild_all(progress: Callable[[int], None] | None = None) -> int:
    """Recompute every stored list in bulk; returns the number of rows written.

    `progress` is called with the number of articles done since its last call.

    Articles with the same set of tags share a ranking, so the work is per
    distinct tag set, not per pair of articles.
    """
    published = dict(
        db.session.execute(
            select(Article.id, Article.published_at).where(
                Article.status == "published"
            )
        ).all()
    )
    tag_sets: dict[int, set] = defaultdict(set)
    for article_id, tag_id in db.session.execute(select(article_tags)):
        if article_id in published:
            tag_sets[article_id].add(tag_id)
    groups: dict[frozenset, list[tuple]] = defaultdict(list)
    for article_id, tags in tag_sets.items():
        groups[frozenset(tags)].append((published[article_id] or _EARLIEST, article_id))
    for members in groups.values():
        members.sort(reverse=True)
    index = _TagIndex(groups)

    db.session.execute(delete(RelatedArticle))
    written, rows, done = 0, [], 0
    for tags, members in groups.items():
        best = index.best_for(tags)
        for _, article_id in members:
            picks = [key for key in best if key[2] != article_id][:KEEP]
            rows += [
                {"article_id": article_id, "related_id": rid, "score": score}
                for score, _, rid in picks
            ]
        done += len(members)
        if len(rows) >= BATCH:
            written += _flush_rows(rows, done, progress)
            rows, done = [], 0
    return written + _flush_rows(rows, done, progress)


class _TagIndex:
    """Who shares tags with whom, so each tag set's ranking reads few entries.

    Sets sharing two or more tags are found through the index of tag pairs
    (small: an article with 3 tags is in 3 pairs); those sharing exactly one
    tag only need the newest few of that tag's articles. With a pool of
    hundreds of tags almost every article has its own set, and counting every
    neighbour of every set (the plain way) would take minutes.
    """

    def __init__(self, groups: dict[frozenset, list[tuple]]):
        self.groups = groups
        self.pairs: dict[tuple, list[frozenset]] = defaultdict(list)
        newest: dict[int, list[tuple]] = defaultdict(list)
        for tags, members in groups.items():
            for pair in combinations(sorted(tags), 2):
                self.pairs[pair].append(tags)
            for tag in tags:
                newest[tag] += [(at, aid, tags) for at, aid in members]
        for entries in newest.values():
            entries.sort(key=lambda entry: entry[:2], reverse=True)
        self.newest = newest

    def best_for(self, tags: frozenset) -> list[tuple]:
        """The KEEP + 1 best (score, published_at, id) for articles tagged `tags`."""
        wanted = KEEP + 1
        own = self.groups[tags][:wanted]
        if len(own) >= wanted:
            return [(len(tags), at, aid) for at, aid in own]
        close = {
            other
            for pair in combinations(sorted(tags), 2)
            for other in self.pairs[pair]
        }
        best = [
            (len(other & tags), at, aid)
            for other in close
            for at, aid in self.groups[other][:wanted]
        ]
        for tag in tags:  # the rest share exactly this one tag
            taken = 0
            for at, aid, other in self.newest[tag]:
                if taken == wanted:
                    break
                if other not in close:
                    best.append((1, at, aid))
                    taken += 1
        best.sort(reverse=True)
        return best[:wanted]


def _flush_rows(rows: list[dict], articles: int, progress) -> int:
    for start in range(0, len(rows), BATCH):
        db.session.execute(
            RelatedArticle.__table__.insert(), rows[start : start + BATCH]
        )
    if progress:
        progress(articles)
    return len(rows)


def shown_for(article: Article) -> Select:
    """The statement for the related articles a page shows (public ones only).

    The stored rows are read first in a derived table: its LIMIT keeps SQLite
    from flattening it and walking the whole published-date index instead.
    """
    stored = (
        select(RelatedArticle.related_id, RelatedArticle.score)
        .where(RelatedArticle.article_id == article.id)
        .limit(KEEP)
        .subquery("stored")
    )
    return (
        select(Article)
        .join(stored, stored.c.related_id == Article.id)
        .where(Article.is_public)
        .order_by(stored.c.score.desc(), Article.published_at.desc(), Article.id.desc())
        .limit(SHOWN)
    )
