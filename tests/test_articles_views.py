"""Reader pages: home, article, tag, author, feed, sitemap, robots.txt."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlalchemy import select

from myapp.database import utcnow
from myapp.stats.models import DailyCount
from tests.factories import make_article, make_user

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
ATOM = "{http://www.w3.org/2005/Atom}"


def _ago(**delta):
    return utcnow() - timedelta(**delta)


def test_home_lists_newest_first_with_excerpt_and_read_more(client, author):
    make_article(author, title="Older", published_at=_ago(days=2))
    make_article(author, title="Newer", body="Its excerpt.\n\nRest.")
    make_article(author, title="Hidden draft", status="draft")
    page = client.get("/").get_data(as_text=True)
    assert page.index("Newer") < page.index("Older")
    assert "Its excerpt." in page and "Read more" in page
    assert "Hidden draft" not in page
    assert author.name in page


def test_home_is_paginated_with_a_cursor(client, app, author, monkeypatch):
    monkeypatch.setitem(app.config, "ARTICLES_PER_PAGE", 2)
    for i in range(5):
        make_article(author, title=f"Post {i}", published_at=_ago(hours=i + 1))
    first = client.get("/").get_data(as_text=True)
    cursor = re.search(r'rel="next" href="/\?cursor=([^"]+)"', first).group(1)
    second = client.get(f"/?cursor={cursor}").get_data(as_text=True)
    assert "Post 0" in first and "Post 1" in first and "Post 2" not in first
    assert "Post 2" in second and "Post 0" not in second
    assert client.get("/?cursor=forged").status_code == 400


def test_article_page_shows_the_article_and_its_seo_tags(client, author):
    article = make_article(
        author, title="Backups", summary="Why restore.", tags=["ops", "Data"]
    )
    make_article(author, title="Sibling", tags=["ops"])
    response = client.get(f"/articles/{article.slug}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<link rel="canonical" href="http://localhost/articles/backups">' in page
    assert '<meta name="description" content="Why restore.">' in page
    assert 'href="/tags/ops"' in page and ">Data</a>" in page
    assert "Related articles" in page and "Sibling" in page
    assert "Back to top" in page


def test_unpublished_articles_are_404_for_those_who_may_not_see_them(
    client, login, author
):
    draft = make_article(author, title="Secret draft", status="draft")
    later = make_article(author, status="scheduled", published_at=_ago(minutes=-5))
    for article in (draft, later):
        assert client.get(f"/articles/{article.slug}").status_code == 404
    login(make_user(role="author"))
    assert client.get(f"/articles/{draft.slug}").status_code == 404
    client.post("/auth/logout")
    login(author)
    page = client.get(f"/articles/{draft.slug}").get_data(as_text=True)
    assert "Secret draft" in page and "only its author and editors" in page
    assert client.get("/articles/no-such-thing").status_code == 404


def test_article_views_are_counted_for_people_not_bots(client, author, db):
    article = make_article(author)
    client.get(f"/articles/{article.slug}", headers=BROWSER)
    client.get(f"/articles/{article.slug}", headers=BROWSER)
    client.get(f"/articles/{article.slug}", headers={"User-Agent": "Googlebot/2.1"})
    counts = db.session.scalars(select(DailyCount)).all()
    assert [(c.kind, c.object_id, c.count) for c in counts] == [
        ("article_view", article.id, 2)
    ]


def test_tag_and_author_pages(client, author, member):
    make_article(author, title="Tagged one", tags=["Small business"])
    make_article(author, title="Untagged one")
    tag_page = client.get("/tags/small-business").get_data(as_text=True)
    assert "Tagged “Small business”" in tag_page
    assert "Tagged one" in tag_page and "Untagged one" not in tag_page
    author_page = client.get(f"/authors/{author.id}").get_data(as_text=True)
    assert f"Articles by {author.name}" in author_page and "Untagged one" in author_page
    assert client.get("/tags/nope").status_code == 404
    assert client.get(f"/authors/{member.id}").status_code == 404
    assert client.get(f"/authors/{10**30}").status_code == 404


def test_feed_is_atom_with_the_latest_20_and_full_content(client, author):
    for i in range(22):
        make_article(author, title=f"Post {i}", published_at=_ago(hours=22 - i))
    make_article(author, title="Draft", status="draft")
    response = client.get("/feed.xml")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[0].find(f"{ATOM}title").text == "Post 21"
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html" and "<p>The first paragraph" in content.text
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://localhost/articles/post-21")


def test_sitemap_lists_public_articles_and_tags(client, author):
    make_article(author, title="Public", tags=["seo"])
    make_article(author, title="Draft", tags=["secret"], status="draft")
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [e.text for e in ET.fromstring(response.data).iter(f"{ns}loc")]
    assert "http://localhost/articles/public" in locs
    assert "http://localhost/tags/seo" in locs
    assert not any("draft" in loc or "secret" in loc for loc in locs)


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin" in text
