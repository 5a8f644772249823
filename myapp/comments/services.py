"""Comment rules: who is approved at once, threads, and moderation with audit."""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from myapp.articles.models import Article
from myapp.audit.services import record
from myapp.comments import notify, spam
from myapp.comments.models import Comment
from myapp.database import unit_of_work
from myapp.errors import InvalidInput
from myapp.extensions import db
from myapp.page_cache import shows
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, can, ensure_visible
from myapp.webhooks import events

MAX_ID = 2**31 - 1
MAX_DEPTH = 3  # replies nest this deep on the page; deeper ones line up below
MODERATION_ACTIONS = {
    "approved": "comment.approve",
    "spam": "comment.spam",
    "trash": "comment.trash",
    "pending": "comment.unapprove",
}


def comment_rate_limit() -> str:
    """The per-client limit on posting comments, form and API together."""
    return current_app.config["COMMENT_RATE_LIMIT"]


@unit_of_work
def create_comment(
    actor, article: Article, data: dict, signals: spam.FormSignals | None = None
) -> Comment:
    """Save a comment on a public article with the status the rules give it.

    Signed-in authors and up are approved at once; otherwise the spam
    defences may mark it spam or hold it, and a commenter whose e-mail has an
    approved comment already is approved. Everyone else waits for a person.
    """
    parent_id = data.get("parent_id")
    if parent_id is not None:
        _check_parent(article, parent_id)
    email = data["author_email"].strip().lower()
    status, reason = _decide(actor, {**data, "author_email": email}, signals)
    comment = Comment(
        article_id=article.id,
        parent_id=parent_id,
        user_id=actor.id if getattr(actor, "is_authenticated", False) else None,
        author_name=" ".join(data["author_name"].split()),
        author_email=email,
        author_url=data.get("author_url") or None,
        body=data["body"].strip(),
        body_html=spam.render_body(data["body"]),
        status=status,
        reason=reason,
    )
    db.session.add(comment)
    events.comment_created(comment)
    return comment


def _decide(actor, data: dict, signals) -> tuple[str, str]:
    if can(actor, "comment.skip_moderation"):
        return "approved", "signed-in author"
    verdict, reason = spam.assess(data, signals)
    if verdict:
        return verdict, reason
    if _known_commenter(data["author_email"]):
        return "approved", "known commenter"
    return "pending", "first comment"


def _known_commenter(email: str) -> bool:
    stmt = select(Comment.id).where(
        Comment.author_email == email, Comment.status == "approved"
    )
    return db.session.scalar(stmt.limit(1)) is not None


def _check_parent(article: Article, parent_id: int) -> None:
    parent = db.session.get(Comment, parent_id) if parent_id <= MAX_ID else None
    if parent is None or parent.article_id != article.id or parent.status != "approved":
        raise InvalidInput(
            "Reply to a published comment of this article.", field="parent_id"
        )


@dataclass
class Node:
    """A comment in its thread; `reply_to` names a parent shown at another level."""

    comment: Comment
    level: int = 1
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    reply_to: str | None = None


def approved_thread(article: Article) -> tuple[list[Node], list[Comment]]:
    """The approved comments as a tree (up to MAX_DEPTH levels), and as a list."""
    shows(f"thread:{article.id}")
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.article_id == article.id, Comment.status == "approved")
        .order_by(Comment.id)
    ).all()
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id)
        node = Node(comment)
        nodes[comment.id] = node
        if parent is None:
            roots.append(node)
            continue
        if parent.level >= MAX_DEPTH:
            node.reply_to = parent.comment.author_name
            parent = parent.parent
        node.parent, node.level = parent, parent.level + 1
        parent.children.append(node)
    return roots, list(comments)


def approved_comments(article: Article, cursor=None, limit: int = 20) -> Page:
    """A page of an article's approved comments, oldest first (for the API)."""
    stmt = select(Comment).where(
        Comment.article_id == article.id, Comment.status == "approved"
    )
    return keyset_page(stmt, [Comment.id], cursor, limit, descending=False)


def get_comment(comment_id: int, viewer=None) -> Comment:
    comment = db.session.get(Comment, comment_id) if 0 < comment_id <= MAX_ID else None
    ensure_visible(viewer, "comment.view", comment)
    return comment


# Moderation -------------------------------------------------------------------


def count_pending() -> int:
    """How many comments wait for a moderator (for navigation badges)."""
    stmt = select(func.count()).select_from(Comment).where(Comment.status == "pending")
    return db.session.scalar(stmt)


def comments_with_status(
    actor, status: str = "pending", cursor=None, limit: int = 50
) -> Page:
    """The moderation queue: comments with one status, oldest first."""
    authorize(actor, "comment.moderate")
    stmt = (
        select(Comment)
        .where(Comment.status == status)
        .options(
            joinedload(Comment.article).options(
                load_only(Article.id, Article.title, Article.slug),
                lazyload(Article.author),
                lazyload(Article.tags),
            )
        )
    )
    return keyset_page(stmt, [Comment.id], cursor, limit, descending=False)


@unit_of_work
def moderate_comment(actor, comment: Comment, status: str) -> Comment:
    """Approve, unapprove, mark spam or trash one comment."""
    authorize(actor, "comment.moderate")
    _set_status(actor, comment, status)
    return comment


@unit_of_work
def moderate_comments(actor, ids: list[int], status: str) -> int:
    """The same for several comments at once; returns how many changed."""
    authorize(actor, "comment.moderate")
    comments = db.session.scalars(select(Comment).where(Comment.id.in_(ids))).all()
    changed = sum(_set_status(actor, comment, status) for comment in comments)
    return changed


def _set_status(actor, comment: Comment, status: str) -> bool:
    if comment.status == status:
        return False
    detail = f"{comment.status} → {status}"
    held, comment.status = comment.status in ("pending", "spam"), status
    record(actor, MODERATION_ACTIONS[status], comment, detail)
    if held and status == "approved":
        notify.published(comment)
    return True
