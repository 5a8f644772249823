"""For machines: the Atom feeds (the site's, a tag's, an author's) and robots.txt."""

from flask import current_app, make_response, render_template

from myapp.articles import bp, queries, services
from myapp.page_cache import cached_page
from myapp.seo.feeds import atom_response, feed_info, site_title
from myapp.web import absolute_url

FEED_SIZE = 20


def _articles_feed(info, **filters):
    articles = queries.latest_articles(FEED_SIZE, **filters)
    return atom_response("articles/feed.xml", info, articles, articles=articles)


@bp.get("/feed.xml")
@cached_page
def feed():
    """Atom feed of the latest published articles, with their full content."""
    info = feed_info(
        current_app.config["SITE_NAME"],
        ("articles.index", {}),
        ("articles.feed", {}),
        "Articles on running a small site.",
    )
    return _articles_feed(info)


@bp.get("/tags/<slug>/feed.xml")
@cached_page
def tag_feed(slug):
    """Atom feed of the latest articles with one tag."""
    tag = services.get_tag(slug)
    info = feed_info(
        site_title(f"tagged {tag.name}"),
        ("articles.tag", {"slug": tag.slug}),
        ("articles.tag_feed", {"slug": tag.slug}),
    )
    return _articles_feed(info, tag=tag)


@bp.get("/authors/<id:user_id>/feed.xml")
@cached_page
def author_feed(user_id):
    """Atom feed of one author's latest articles."""
    author = services.get_author(user_id)
    info = feed_info(
        site_title(f"articles by {author.name}"),
        ("articles.author", {"user_id": author.id}),
        ("articles.author_feed", {"user_id": author.id}),
    )
    return _articles_feed(info, author_id=author.id)


@bp.get("/robots.txt")
def robots():
    """Keep crawlers out of private areas and point them to the sitemap."""
    body = render_template("articles/robots.txt", sitemap=absolute_url("core.sitemap"))
    response = make_response(body)
    response.mimetype = "text/plain"
    return response
