"""Articles: list and search, read, write, related."""

from flask import url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.api.caching import etag
from myapp.articles import queries, services
from myapp.articles.schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticlePatchIn,
    ArticleQuery,
)
from myapp.errors import Unauthorized
from myapp.page_cache import cached_page
from myapp.pagination import Page


@bp.get("/articles")
@cached_page
@etag
@bp.arguments(ArticleQuery, location="query")
@bp.response(200, ArticlePage)
@bp.alt_response(403, description="`status` is for authors and editors.")
def list_articles(args):
    """Published articles, newest first, by `tag`, `author` or search words `q`.

    With `status`, authors list their own articles and editors everyone's
    (drafts, scheduled, published or archived).
    """
    user, cursor, limit = api_user(), args["cursor"], args["limit"]
    if args.get("status"):
        if user is None:
            raise Unauthorized("Send a token to list articles by status.")
        return queries.managed_articles(user, args["status"], cursor, limit)
    tag = None
    if args.get("tag"):
        tag = services.find_tag(args["tag"])
        if tag is None:
            return Page([], None)
    q = (args.get("q") or "").strip() or None
    return queries.public_articles(cursor, limit, tag, args.get("author"), q)


@bp.post("/articles")
@token_required
@bp.arguments(ArticleIn)
@bp.response(201, ArticleOut)
@bp.alt_response(409, description="The slug is taken.")
@bp.doc(security=BEARER)
def create_article(data):
    """Write an article (authors and up); a draft unless `status` says otherwise."""
    article = services.create_article(api_user(), data)
    return article, 201, {"Location": url_for("api.get_article", slug=article.slug)}


@bp.get("/articles/<slug>")
@cached_page
@etag
@bp.response(200, ArticleOut)
@bp.alt_response(404, description="No such article, or not published yet.")
def get_article(slug):
    """One article: anyone if published; drafts for their author and editors."""
    return services.get_article_by_slug(slug, api_user())


@bp.patch("/articles/<slug>")
@token_required
@bp.arguments(ArticlePatchIn)
@bp.response(200, ArticleOut)
@bp.alt_response(403, description="Not your article.")
@bp.doc(security=BEARER)
def update_article(data, slug):
    """Change an article (its author or an editor); send only what changes."""
    article = services.get_article_by_slug(slug, api_user())
    return services.update_article(api_user(), article, data)


@bp.delete("/articles/<slug>")
@token_required
@bp.response(204)
@bp.alt_response(403, description="Not your article.")
@bp.doc(security=BEARER)
def delete_article(slug):
    """Delete an article with its comments (its author or an editor)."""
    article = services.get_article_by_slug(slug, api_user())
    services.delete_article(api_user(), article)


@bp.get("/articles/<slug>/related")
@bp.response(200, ArticlePage)
def related_articles(slug):
    """Up to four published articles sharing the most tags, newest first."""
    article = services.get_article_by_slug(slug, api_user())
    return Page(queries.related_articles(article, with_tags=True), None)
