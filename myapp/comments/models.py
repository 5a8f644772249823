"""Reader comments on articles, threaded by parent_id and held for moderation."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.articles.models import Article, LongText
from myapp.database import utcnow
from myapp.extensions import db

STATUSES = ("pending", "approved", "spam", "trash")


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article_status", "article_id", "status", "id"),
        Index("ix_comments_status_id", "status", "id"),
        Index("ix_comments_email_status", "author_email", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(100))
    author_email: Mapped[str] = mapped_column(String(254))  # never shown publicly
    author_url: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The plain text escaped, its links made clickable: rendered once on save
    # (escaping and links can make it several times longer than the body).
    body_html: Mapped[str] = mapped_column(LongText)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # Why a comment was held or marked spam, for the moderator.
    reason: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship()

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.article_id} ({self.status})>"
