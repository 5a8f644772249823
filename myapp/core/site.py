"""Site-wide pages made of every feature: search and the sitemap."""

from urllib.parse import quote

from flask import current_app, make_response, render_template, request
from markupsafe import escape

from myapp.articles import queries as article_queries
from myapp.core import bp
from myapp.directory.listings import search as listing_search
from myapp.directory.listings import sitemap as directory_sitemap
from myapp.page_cache import cached_page
from myapp.web import absolute_url

MAX_QUERY = 200
MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file
LISTING_RESULTS = 10


@bp.get("/search")
@cached_page
def search():
    """Search published articles and live listings with the full-text indexes."""
    q = request.args.get("q", "")[:MAX_QUERY].strip()
    articles = listings = None
    if q:
        articles = article_queries.public_articles(
            q=q,
            cursor=request.args.get("cursor") or None,
            limit=current_app.config["ARTICLES_PER_PAGE"],
        )
        listings = listing_search.search_listings(q, LISTING_RESULTS)
    return render_template(
        "core/search.html", q=q, articles=articles, listings=listings
    )


@bp.get("/sitemap.xml")
@cached_page
def sitemap():
    """Every public page worth indexing, for search engines (up to 50,000)."""
    articles = article_queries.sitemap_entries()
    directory = directory_sitemap.sitemap_entries()
    body = "".join(_sitemap_xml(articles, directory))
    response = make_response(body)
    response.mimetype = "application/xml"
    return response


def _sitemap_xml(articles, directory):
    """The XML, line by line; url_for per row would dominate at 45,000 rows."""
    site = current_app.config["SITE_URL"].rstrip("/")
    builders: dict = {}
    budget = MAX_SITEMAP_URLS - 1
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    yield f"  <url><loc>{escape(absolute_url('articles.index'))}</loc></url>\n"
    for endpoint, values, lastmod in articles:
        key = (endpoint, tuple(values))
        if key not in builders:
            builders[key] = _url_pattern(endpoint, values)
        loc = builders[key].format(
            **{k: quote(str(v), safe="") for k, v in values.items()}
        )
        budget -= 1
        yield _url(loc, lastmod)
    for entry in directory:
        if budget <= 0:
            break
        budget -= 1
        yield _url(site + quote(entry["loc"]), entry["lastmod"])
    yield "</urlset>\n"


def _url(loc: str, lastmod) -> str:
    modified = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(loc)}</loc>{modified}</url>\n"


def _url_pattern(endpoint: str, values: dict) -> str:
    """The endpoint's absolute URL with {name} placeholders for its values."""
    markers = {name: f"LINCHPINMARK{i}" for i, name in enumerate(values)}
    pattern = absolute_url(endpoint, **markers).replace("{", "{{").replace("}", "}}")
    for name, marker in markers.items():
        pattern = pattern.replace(marker, "{" + name + "}")
    return pattern
