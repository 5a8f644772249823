"""Articles, tags, and each article's stored list of related articles.

Publication is a time query: an article is public when its status is
"published" and its `published_at` has come. "Scheduled" is not stored; it is
a published article whose time has not come yet, so it goes live on its own.
"""

from datetime import datetime

from sqlalchemy import (
    DDL,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    and_,
    event,
)
from sqlalchemy.dialects.mysql import MEDIUMTEXT
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.auth.models import User
from myapp.database import TimestampMixin, utcnow
from myapp.extensions import db

STATUSES = ("draft", "scheduled", "published", "archived")
# Up to 16 MB on MySQL (TEXT stops at 64 KB); plain TEXT on SQLite.
LongText = Text().with_variant(MEDIUMTEXT(), "mysql")

article_tags = Table(
    "article_tags",
    db.metadata,
    Column(
        "article_id",
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_tags_tag_article", "tag_id", "article_id"),
)


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    slug: Mapped[str] = mapped_column(String(60), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.slug}>"


class Article(TimestampMixin, db.Model):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_status_published", "status", "published_at", "id"),
        Index("ix_articles_author_published", "author_id", "published_at"),
        Index("ix_articles_updated", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    summary: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(LongText)
    # Rendered once on save: the sanitised HTML pages show, plain text for search.
    body_html: Mapped[str] = mapped_column(LongText)
    body_text: Mapped[str] = mapped_column(LongText)
    excerpt: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    # Loaded with every article: a page never lazy-loads one row at a time.
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    tags: Mapped[list[Tag]] = relationship(
        secondary=article_tags, order_by=Tag.slug, lazy="selectin"
    )

    @hybrid_property
    def is_public(self) -> bool:
        """Published and its time has come (the policy's visibility test)."""
        return (
            self.status == "published"
            and self.published_at is not None
            and self.published_at <= utcnow()
        )

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(cls.status == "published", cls.published_at <= utcnow())

    @property
    def display_status(self) -> str:
        """The status people see: a published article not yet due is scheduled."""
        if self.status == "published" and not self.is_public:
            return "scheduled"
        return self.status

    def __repr__(self) -> str:
        return f"<Article {self.slug} ({self.status})>"


class RelatedArticle(db.Model):
    """A few best matches per article, kept up to date when articles change."""

    __tablename__ = "related_articles"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    related_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    score: Mapped[int] = mapped_column(default=0)

    related: Mapped[Article] = relationship(foreign_keys=[related_id])


# Full-text search objects, also created per dialect by the migration. The
# tests build tables with create_all, so the same DDL hangs on the table.
FTS_SQLITE = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, summary, body_text, "
    "content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, summary, body_text) "
    "VALUES (new.id, new.title, new.summary, new.body_text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, summary, body_text) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body_text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, body_text "
    "ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, summary, body_text) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body_text); "
    "INSERT INTO articles_fts(rowid, title, summary, body_text) "
    "VALUES (new.id, new.title, new.summary, new.body_text); END",
]
FTS_SQLITE_DROP = "DROP TABLE IF EXISTS articles_fts"
FTS_MYSQL = (
    "CREATE FULLTEXT INDEX ix_articles_fts ON articles (title, summary, body_text)"
)

for statement in FTS_SQLITE:
    event.listen(
        Article.__table__, "after_create", DDL(statement).execute_if(dialect="sqlite")
    )
event.listen(
    Article.__table__, "after_create", DDL(FTS_MYSQL).execute_if(dialect="mysql")
)
event.listen(
    Article.__table__,
    "before_drop",
    DDL(FTS_SQLITE_DROP).execute_if(dialect="sqlite"),
)
