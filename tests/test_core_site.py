"""Site-wide search and the sitemap cover articles and the directory."""

from tests.factories import make_article, make_listing


def test_search_finds_articles_and_live_listings(client, author):
    make_article(author, title="Sourdough starters explained", body="Flour and water.")
    make_listing(
        name="Sourdough Bakery",
        status="approved",
        description="Fresh sourdough bread every morning, baked by hand.",
    )
    make_listing(
        name="Sourdough Pending",
        status="pending",
        description="Sourdough bread waiting for review by an editor.",
    )
    page = client.get("/search?q=sourdough").get_data(as_text=True)
    assert "Sourdough starters explained" in page
    assert "Sourdough Bakery" in page
    assert "Sourdough Pending" not in page


def test_search_with_odd_input_never_errors(client):
    for q in [
        '"',
        "*",
        "--",
        "a OR b",
        "'; DROP TABLE listings; --",
        "NEAR(",
        "\u202e",
    ]:
        assert client.get("/search", query_string={"q": q}).status_code == 200


def test_sitemap_lists_articles_tags_categories_and_live_listings(client, author):
    make_article(author, title="Hello world", tags=["news"])
    live = make_listing(name="Live Shop", status="approved")
    expired = make_listing(name="Old Shop", status="expired")
    body = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/articles/hello-world" in body and "/tags/news" in body
    assert f"/listings/{live.slug}" in body
    assert f"/listings/{expired.slug}" not in body
    assert f"/directory/{live.category.path}" in body


def test_robots_names_the_sitemap(client):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in body
