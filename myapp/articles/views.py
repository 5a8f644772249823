"""Reader pages: home, an article, a tag and an author."""

from flask import current_app, render_template, request
from flask_login import current_user

from myapp.articles import bp, queries, services
from myapp.articles.pages import render_article_page
from myapp.page_cache import cached_page, changes_at, every_view
from myapp.seo import pages as seo
from myapp.stats.counting import count_view

changes_at(bp, queries.next_publication)  # a scheduled article goes live on time


def _page_args() -> dict:
    return {
        "cursor": request.args.get("cursor") or None,
        "limit": current_app.config["ARTICLES_PER_PAGE"],
    }


@bp.app_template_filter("longdate")
def longdate(value) -> str:
    """A date as people write it: 5 March 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


@bp.get("/")
@cached_page(signed_in=True)
def index():
    """The home page: the latest articles, newest first."""
    page = queries.public_articles(**_page_args())
    return render_template("articles/index.html", page=page, page_meta=seo.home_meta())


@bp.get("/articles/<slug>")
@cached_page(signed_in=True)
def show(slug):
    """One article with related articles and its comments; counts the view."""
    article = services.get_article_by_slug(slug, current_user)
    if article.is_public:
        every_view(count_view, "article_view", article.id)
    return render_article_page(article)


@bp.get("/tags/<slug>")
@cached_page(signed_in=True)
def tag(slug):
    """The articles with one tag."""
    found = services.get_tag(slug)
    page = queries.public_articles(tag=found, **_page_args())
    return render_template(
        "articles/tag.html", tag=found, page=page, page_meta=seo.tag_meta(found)
    )


@bp.get("/authors/<id:user_id>")
@cached_page(signed_in=True)
def author(user_id):
    """One author's published articles."""
    person = services.get_author(user_id)
    page = queries.public_articles(author_id=person.id, **_page_args())
    meta = seo.author_meta(person)
    return render_template(
        "articles/author.html", author=person, page=page, page_meta=meta
    )
