"""For machines: the Atom feed, the sitemap and robots.txt."""

from urllib.parse import quote

from flask import current_app, make_response, render_template, url_for
from markupsafe import escape

from myapp.articles import bp, queries
from myapp.database import utcnow

FEED_SIZE = 20
MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file


def absolute_url(endpoint: str, **values) -> str:
    """An address on the public site (SITE_URL), whatever host the request used."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def sitemap_sources() -> list:
    """Each feature's entries: (endpoint, url values, last modified) tuples.

    The directory adds its listings and categories here with one call into its
    services, e.g. `directory_services.sitemap_entries`.
    """
    return [queries.sitemap_entries]


def _xml(body: str, mimetype: str):
    response = make_response(body)
    response.mimetype = mimetype
    return response


@bp.get("/feed.xml")
def feed():
    """Atom feed of the latest published articles, with their full content."""
    articles = queries.latest_articles(FEED_SIZE)
    updated = max((a.updated_at for a in articles), default=utcnow())
    body = render_template(
        "articles/feed.xml", articles=articles, updated=updated, url=absolute_url
    )
    return _xml(body, "application/atom+xml")


@bp.get("/sitemap.xml")
def sitemap():
    """Every public page worth indexing, for search engines (up to 50,000)."""
    entries = [entry for source in sitemap_sources() for entry in source()]
    return _xml("".join(_sitemap_xml(entries[:MAX_SITEMAP_URLS])), "application/xml")


def _sitemap_xml(entries):
    """The XML, line by line; url_for per row would dominate at 45,000 rows."""
    builders: dict = {}
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    yield f"  <url><loc>{escape(absolute_url('articles.index'))}</loc></url>\n"
    for endpoint, values, lastmod in entries:
        key = (endpoint, tuple(values))
        if key not in builders:
            builders[key] = _url_pattern(endpoint, values)
        loc = builders[key].format(
            **{k: quote(str(v), safe="") for k, v in values.items()}
        )
        modified = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
        yield f"  <url><loc>{escape(loc)}</loc>{modified}</url>\n"
    yield "</urlset>\n"


def _url_pattern(endpoint: str, values: dict) -> str:
    """The endpoint's absolute URL with {name} placeholders for its values."""
    markers = {name: f"LINCHPINMARK{i}" for i, name in enumerate(values)}
    pattern = absolute_url(endpoint, **markers).replace("{", "{{").replace("}", "}}")
    for name, marker in markers.items():
        pattern = pattern.replace(marker, "{" + name + "}")
    return pattern


@bp.get("/robots.txt")
def robots():
    """Keep crawlers out of private areas and point them to the sitemap."""
    body = render_template(
        "articles/robots.txt", sitemap=absolute_url("articles.sitemap")
    )
    return _xml(body, "text/plain")
