"""For machines: the Atom feed and robots.txt."""

from flask import make_response, render_template

from myapp.articles import bp, queries
from myapp.database import utcnow
from myapp.page_cache import cached_page
from myapp.web import absolute_url

FEED_SIZE = 20


def _xml(body: str, mimetype: str):
    response = make_response(body)
    response.mimetype = mimetype
    return response


@bp.get("/feed.xml")
@cached_page
def feed():
    """Atom feed of the latest published articles, with their full content."""
    articles = queries.latest_articles(FEED_SIZE)
    updated = max((a.updated_at for a in articles), default=utcnow())
    body = render_template(
        "articles/feed.xml", articles=articles, updated=updated, url=absolute_url
    )
    return _xml(body, "application/atom+xml")


@bp.get("/robots.txt")
def robots():
    """Keep crawlers out of private areas and point them to the sitemap."""
    body = render_template("articles/robots.txt", sitemap=absolute_url("core.sitemap"))
    return _xml(body, "text/plain")
