"""Article rules: one article by visibility, previews, and writes with their audit."""

import hashlib
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from myapp.articles import related
from myapp.articles.models import Article, Tag
from myapp.articles.rendering import render_markdown, shorten
from myapp.audit.services import record
from myapp.auth import services as auth_services
from myapp.auth.models import User
from myapp.database import unit_of_work, utcnow
from myapp.errors import ConflictError, InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.policy import authorize, can, ensure_visible
from myapp.slugs import slugify
from myapp.webhooks import events

MAX_ID = 2**31 - 1
# The audit action for arriving at each status someone can see.
STATUS_ACTIONS = {
    "published": "article.publish",
    "scheduled": "article.schedule",
    "archived": "article.archive",
    "draft": "article.unpublish",
}


def get_article_by_slug(slug: str, viewer=None) -> Article:
    """The article if `viewer` may see it; NotFoundError otherwise."""
    article = db.session.scalar(select(Article).where(Article.slug == slug[:200]))
    ensure_visible(viewer, "article.view", article)
    return article


def get_public_article(slug: str) -> Article:
    """A published article whose time has come, for anyone (e.g. to comment on)."""
    article = db.session.scalar(
        select(Article).where(Article.slug == slug[:200], Article.is_public)
    )
    if article is None:
        raise NotFoundError("No such article.")
    return article


def get_article(article_id: int, viewer=None) -> Article:
    article = db.session.get(Article, article_id) if 0 < article_id <= MAX_ID else None
    ensure_visible(viewer, "article.view", article)
    return article


def find_tag(name_or_slug: str) -> Tag | None:
    value = name_or_slug.strip()[:60]
    return db.session.scalar(
        select(Tag).where(Tag.slug.in_({value, tag_slug(value)})).limit(1)
    )


def get_tag(slug: str) -> Tag:
    tag = find_tag(slug)
    if tag is None:
        raise NotFoundError("No such tag.")
    return tag


def get_author(user_id: int) -> User:
    """A writer whose articles can be listed; members' names stay private (404)."""
    user = auth_services.get_user(user_id) if 0 < user_id <= MAX_ID else None
    if user is None or not can(user, "article.create"):
        raise NotFoundError("No such author.")
    return user


def preview_html(body: str) -> str:
    """The sanitised HTML a body will show, without saving anything."""
    return render_markdown(body or "", images=_media().markdown_image).html


# Writes -----------------------------------------------------------------------


def _media():
    """Pictures build on articles (their models), so they are imported late."""
    from myapp.media import articles

    return articles


@unit_of_work
def create_article(actor, data: dict) -> Article:
    """Write a new article: a draft unless `status` says otherwise."""
    authorize(actor, "article.create")
    article = Article(author_id=actor.id, title=data["title"].strip(), status="draft")
    _fill(article, data)
    _media().set_lead_image(actor, article, data)
    article.slug = _free_slug(data.get("slug"), article.title, None)
    change = _apply_status(actor, article, data.get("status", "draft"), data, None)
    db.session.add(article)
    _flush()
    record(actor, "article.create", article, article.title)
    return _finish(actor, article, change)


@unit_of_work
def update_article(actor, article: Article, data: dict) -> Article:
    """Change an article; its slug stays the same unless a new one is given."""
    authorize(actor, "article.edit", article)
    before = article.display_status
    ranking = _ranking(article)
    if "title" in data:
        article.title = data["title"].strip()
    if data.get("slug") and data["slug"] != article.slug:
        article.slug = _free_slug(data["slug"], article.title, article.id)
    _fill(article, data)
    _media().set_lead_image(actor, article, data)
    change = None
    if "status" in data or "published_at" in data:
        status = data.get("status", article.status)
        change = _apply_status(actor, article, status, data, before)
    _flush()
    record(actor, "article.update", article, article.title)
    return _finish(actor, article, change, ranking != _ranking(article))


PUBLISHABLE = ("draft", "scheduled", "archived")  # "publish now" brings these out
ARCHIVABLE = ("published", "scheduled")


def offered_actions(actor, article: Article) -> set[str]:
    """The status buttons the editor's list offers for an article."""
    offered = set()
    if can(actor, "article.publish", article):
        if article.display_status in PUBLISHABLE:
            offered.add("publish")
        if article.display_status in ARCHIVABLE:
            offered.add("archive")
    return offered


def save_article(actor, article: Article | None, data: dict) -> Article:
    """Create the article (`article` None) or change it: the editor form's save."""
    if article is None:
        return create_article(actor, data)
    return update_article(actor, article, data)


@unit_of_work
def publish_article(actor, article: Article) -> Article:
    """Publish now; a scheduled article is brought forward to now."""
    authorize(actor, "article.publish", article)
    return update_article(
        actor, article, {"status": "published", "published_at": _now_or_past(article)}
    )


@unit_of_work
def archive_article(actor, article: Article) -> Article:
    """Take an article off the site but keep it."""
    authorize(actor, "article.publish", article)
    return update_article(actor, article, {"status": "archived"})


@unit_of_work
def delete_article(actor, article: Article) -> None:
    """Delete an article; its comments and related rows go with it (FK cascade)."""
    authorize(actor, "article.delete", article)
    record(actor, "article.delete", article, article.title)
    db.session.delete(article)


def _now_or_past(article: Article) -> datetime:
    when, now = article.published_at, utcnow()
    return when if when is not None and when <= now else now


def _fill(article: Article, data: dict) -> None:
    """Copy content fields and render the body once, here, on save."""
    if "summary" in data:
        article.summary = (data["summary"] or "").strip() or None
    if "body" in data:
        article.body = data["body"]
    if "body" in data or "summary" in data:
        rendered = render_markdown(article.body, images=_media().markdown_image)
        article.body_html, article.body_text = rendered.html, rendered.text
        first = rendered.first_paragraph or rendered.text
        article.excerpt = shorten(article.summary or first)
    if "tags" in data:
        article.tags = _tags(data["tags"])


def _apply_status(actor, article, status: str, data: dict, before) -> str | None:
    """Set status and date; "scheduled" is stored as published with a future date.

    Returns the audit action when the status people see changes.
    """
    now = utcnow()
    when = data.get("published_at", article.published_at)
    if status == "scheduled" and (when is None or when <= now):
        raise InvalidInput(
            "To schedule, choose a publication time in the future.",
            field="published_at",
        )
    if status == "published" and when is None:
        when = now
    if status in ("published", "scheduled", "archived"):
        authorize(actor, "article.publish", article)
    article.status = "published" if status == "scheduled" else status
    article.published_at = when
    after = article.display_status
    if after == before or (before is None and after == "draft"):
        return None
    return STATUS_ACTIONS[after]


def _flush() -> None:
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            "Another article already uses this slug.", field="slug"
        ) from exc


def _ranking(article: Article) -> tuple:
    """What related-article lists depend on: tags, status and date."""
    tags = sorted(tag.slug for tag in article.tags)
    return (article.status, article.published_at, tags)


def _finish(actor, article: Article, change: str | None, rerank=True) -> Article:
    if change:
        record(actor, change, article, _when(article))
    if rerank:  # a new title or body leaves every related list as it was
        related.refresh(article)
    events.article_changed(article, change)
    return article


def _when(article: Article) -> str:
    at = article.published_at
    return f"{article.display_status} {at:%Y-%m-%d %H:%M} UTC" if at else article.status


def _free_slug(wanted: str | None, title: str, article_id: int | None) -> str:
    """A chosen slug must be free; a generated one gets -2, -3 … until it is."""
    if wanted:
        taken = db.session.scalar(
            select(Article.id).where(Article.slug == wanted, Article.id != article_id)
        )
        if taken:
            raise ConflictError("Another article already uses this slug.", field="slug")
        return wanted
    base = slugify(title, 180, fallback="article")
    used = set(
        db.session.scalars(
            select(Article.slug).where(
                or_(Article.slug == base, Article.slug.like(f"{base}-%"))
            )
        )
    )
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


def tag_slug(name: str) -> str:
    # A name with no ASCII letters (e.g. "日本") still needs a stable URL.
    slug = slugify(name, 60, fallback="")
    return slug or "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]


def _tags(names: list[str]) -> list[Tag]:
    """The tags with these names, creating the new ones; duplicates merged."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(tag_slug(name.strip()), " ".join(name.split())[:50])
    if not wanted:
        return []
    existing = {
        tag.slug: tag
        for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(wanted)))
    }
    for slug, name in wanted.items():
        if slug not in existing:
            existing[slug] = Tag(name=name, slug=slug)
            db.session.add(existing[slug])
    return [existing[slug] for slug in wanted]
