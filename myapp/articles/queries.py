"""Lists of articles the pages and the API show: index pages, related, feed."""

from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer, lazyload

from myapp.articles import related, search
from myapp.articles.models import Article, Tag, article_tags
from myapp.database import utcnow
from myapp.extensions import db
from myapp.page_cache import shows
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, can

# Index pages show excerpts: the long columns stay in the database.
WITHOUT_BODIES = (
    defer(Article.body),
    defer(Article.body_html),
    defer(Article.body_text),
)


def public_articles(
    cursor: str | None = None,
    limit: int = 10,
    tag: Tag | None = None,
    author_id: int | None = None,
    q: str | None = None,
) -> Page:
    """Public articles, newest first, optionally by tag, author or search words."""
    shows("index:articles", *(["search"] if q is not None else []))
    stmt = select(Article).where(Article.is_public).options(*WITHOUT_BODIES)
    stmt = _by_tag_or_author(stmt, tag, author_id)
    if q is not None:
        clause = search.matches(q)
        if clause is None:
            return Page([], None)
        stmt = stmt.where(clause)
    return keyset_page(stmt, [Article.published_at, Article.id], cursor, limit)


def _by_tag_or_author(stmt: Select, tag: Tag | None, author_id: int | None):
    if tag is not None:
        stmt = stmt.join(article_tags, article_tags.c.article_id == Article.id).where(
            article_tags.c.tag_id == tag.id
        )
    if author_id is not None:
        stmt = stmt.where(Article.author_id == author_id)
    return stmt


def managed_articles(
    actor, status: str | None = None, cursor: str | None = None, limit: int = 20
) -> Page:
    """The editor's list: editors see every article, authors their own."""
    authorize(actor, "article.create")
    stmt = select(Article).options(*WITHOUT_BODIES)
    if not can(actor, "article.list_all"):
        stmt = stmt.where(Article.author_id == actor.id)
    stmt = _with_status(stmt, status)
    return keyset_page(stmt, [Article.updated_at, Article.id], cursor, limit)


def _with_status(stmt: Select, status: str | None) -> Select:
    now = utcnow()
    if status == "published":
        return stmt.where(Article.status == "published", Article.published_at <= now)
    if status == "scheduled":
        return stmt.where(Article.status == "published", Article.published_at > now)
    if status:
        return stmt.where(Article.status == status)
    return stmt


def related_articles(article: Article, with_tags: bool = False) -> list[Article]:
    """Up to four public articles sharing the most tags, newest first among equals.

    The page shows only titles, so tags are loaded only when asked for (API).
    """
    options = [] if with_tags else [lazyload(Article.tags)]
    stmt = related.shown_for(article).options(*WITHOUT_BODIES, *options)
    return list(db.session.scalars(stmt))


def next_publication():
    """When the next scheduled article goes live (None if none is waiting)."""
    return db.session.scalar(
        select(func.min(Article.published_at)).where(
            Article.status == "published", Article.published_at > utcnow()
        )
    )


def latest_articles(
    limit: int = 20, tag: Tag | None = None, author_id: int | None = None
) -> list[Article]:
    """The newest public articles with their bodies, for the feeds (the site's,
    a tag's, an author's)."""
    shows("index:articles")
    stmt = _by_tag_or_author(select(Article).where(Article.is_public), tag, author_id)
    stmt = stmt.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def sitemap_entries() -> list[tuple[str, dict, object]]:
    """(endpoint, url values, last modified) of public articles and their tags.

    Newest articles first, at most 45,000, so that with the other features'
    pages the sitemap stays within the protocol's 50,000 URLs per file.
    """
    shows("index:articles", "sitemap")
    articles = db.session.execute(
        select(Article.slug, Article.updated_at)
        .where(Article.is_public)
        .order_by(Article.published_at.desc())
        .limit(45_000)
    )
    entries = [("articles.show", {"slug": slug}, at) for slug, at in articles]
    used = (
        select(article_tags.c.tag_id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(article_tags.c.tag_id == Tag.id, Article.is_public)
    )
    tags = db.session.scalars(select(Tag.slug).where(used.exists()).order_by(Tag.slug))
    return entries + [("articles.tag", {"slug": slug}, None) for slug in tags]
