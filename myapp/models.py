"""Every model, imported in one place so metadata is complete for Alembic."""

from myapp.articles.models import Article, RelatedArticle, Tag, article_tags
from myapp.audit.models import AuditEntry
from myapp.auth.models import ApiToken, User
from myapp.comments.models import Comment
from myapp.stats.models import DailyCount

__all__ = [
    "ApiToken",
    "Article",
    "AuditEntry",
    "Comment",
    "DailyCount",
    "RelatedArticle",
    "Tag",
    "User",
    "article_tags",
]
