"""Atom feeds of a tag, an author and a category: parsed as readers parse them,
checked for what RFC 4287 requires, and kept in the page cache until what they
show changes."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser

from myapp.articles import services
from myapp.database import utcnow
from myapp.directory.listings import review
from tests.factories import make_article, make_category, make_listing, make_user
from tests.test_publishing_queries import _queries_for

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    """The feed at url, parsed; fails unless it is well-formed, complete Atom."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _ago(**delta):
    return utcnow() - timedelta(**delta)


def test_tag_feed_has_the_tags_public_articles_newest_first(client, author):
    make_article(author, title="Old tagged", tags=["SEO"], published_at=_ago(days=2))
    make_article(author, title="New tagged", tags=["SEO"], published_at=_ago(hours=1))
    make_article(author, title="Other", tags=["ops"])
    make_article(author, title="Draft tagged", tags=["SEO"], status="draft")
    feed = _feed(client, "/tags/seo/feed.xml")
    assert feed.feed.title == "Linchpin: tagged SEO"
    assert feed.feed.link == "http://localhost/tags/seo"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://localhost/tags/seo/feed.xml"
    assert [e.title for e in feed.entries] == ["New tagged", "Old tagged"]
    entry = feed.entries[0]
    assert entry.link == "http://localhost/articles/new-tagged"
    assert entry.author == author.name
    assert "<p>" in entry.content[0].value
    assert client.get("/tags/nope/feed.xml").status_code == 404


def test_author_feed_has_only_their_articles(client, author):
    other = make_user(role="author")
    make_article(author, title="Mine")
    make_article(other, title="Theirs")
    feed = _feed(client, f"/authors/{author.id}/feed.xml")
    assert feed.feed.title == f"Linchpin: articles by {author.name}"
    assert [e.title for e in feed.entries] == ["Mine"]
    member = make_user()
    assert client.get(f"/authors/{member.id}/feed.xml").status_code == 404
    assert client.get(f"/authors/{10**30}/feed.xml").status_code == 404


def test_category_feed_has_new_live_listings_of_the_subtree(client, editor):
    shops = make_category("Shops", actor=editor)
    bakeries = make_category("Bakeries", parent=shops, actor=editor)
    old = make_listing(category=bakeries, name="Old Bakery")
    old.published_at = _ago(days=3)
    make_listing(category=shops, name="Corner Shop")
    make_listing(category=bakeries, name="Waiting Bakery", status="pending")
    make_listing(category=bakeries, name="Gone Bakery", status="expired")
    make_listing(category=make_category("Elsewhere"), name="Elsewhere Place")
    feed = _feed(client, "/directory/shops/feed.xml")
    assert feed.feed.title == "Linchpin: new in Shops"
    assert feed.feed.link == "http://localhost/directory/shops"
    assert [e.title for e in feed.entries] == ["Corner Shop", "Old Bakery"]
    entry = feed.entries[1]
    assert entry.link == f"http://localhost/listings/{old.slug}"
    assert entry.summary.startswith("A fine place")
    assert entry.tags[0].term == "shops/bakeries"
    sub = _feed(client, "/directory/shops/bakeries/feed.xml")
    assert [e.title for e in sub.entries] == ["Old Bakery"]
    empty = _feed(client, "/directory/elsewhere/feed.xml")
    assert [e.title for e in empty.entries] == ["Elsewhere Place"]
    assert client.get("/directory/nowhere/feed.xml").status_code == 404
    assert client.get("/directory/shops").status_code == 200  # the page still


def test_feeds_are_cached_until_what_they_show_changes(client, author, bakeries):
    article = make_article(author, title="First", tags=["news"])
    assert client.get("/tags/news/feed.xml").headers["X-Cache"] == "MISS"
    assert client.get("/tags/news/feed.xml").headers["X-Cache"] == "HIT"
    services.update_article(author, article, {"title": "Retitled"})
    retitled = client.get("/tags/news/feed.xml")
    assert retitled.headers["X-Cache"] == "MISS" and b"Retitled" in retitled.data
    make_article(author, title="Second", tags=["news"])
    assert b"Second" in client.get("/tags/news/feed.xml").data
    assert b"Second" in client.get(f"/authors/{author.id}/feed.xml").data

    url = "/directory/shops/bakeries/feed.xml"
    waiting = make_listing(category=bakeries, name="Fresh Bakery", status="pending")
    assert b"Fresh Bakery" not in client.get(url).data
    assert client.get(url).headers["X-Cache"] == "HIT"
    review.approve_listing(make_user(role="editor"), waiting)
    assert b"Fresh Bakery" in client.get(url).data
    review.suspend_listing(make_user(role="editor"), waiting, "Malware found.")
    assert b"Fresh Bakery" not in client.get(url).data


def test_feeds_use_few_statements_however_long(client, author, bakeries):
    for n in range(25):
        make_article(author, tags=["busy", f"t{n}"])
        make_listing(category=bakeries)
    for url in (
        "/tags/busy/feed.xml",
        f"/authors/{author.id}/feed.xml",
        "/directory/shops/feed.xml",
    ):
        assert _queries_for(client, url) <= 6, url  # the clock's two included
