"""Head metadata: canonical URLs, Open Graph and Twitter cards, and JSON-LD
read back with extruct as search engines read it."""

import extruct
import pytest

from myapp.seo import pages as seo
from myapp.seo import structured_data as ld
from myapp.seo.meta import PageMeta
from tests.factories import make_article, make_listing
from tests.pages import text
from tests.test_publishing_queries import _queries_for

ADDRESS = {"street": "1 Mill Lane", "city": "Leeds", "postcode": "LS1 1AA"}


def _json_ld(page: str) -> dict:
    """{@type: item} of the page's JSON-LD, as extruct parses it."""
    found = extruct.extract(page, base_url="http://localhost/", syntaxes=["json-ld"])
    return {item["@type"]: item for item in found["json-ld"]}


def _og(page: str) -> dict:
    """The Open Graph properties extruct finds (the last of a repeated one)."""
    found = extruct.extract(page, syntaxes=["opengraph"])
    return dict(found["opengraph"][0]["properties"])


def test_article_has_article_json_ld_and_open_graph(client, author):
    article = make_article(
        author, title="Backups that restore", summary="Why restore.", tags=["ops"]
    )
    page = text(client.get(f"/articles/{article.slug}"))
    data = _json_ld(page)["Article"]
    url = "http://localhost/articles/backups-that-restore"
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Backups that restore"
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["author"] == {
        "@type": "Person",
        "name": author.name,
        "url": f"http://localhost/authors/{author.id}",
    }
    assert data["datePublished"] == ld.iso(article.published_at)
    assert data["dateModified"] == ld.iso(article.updated_at)
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Linchpin"
    assert data["keywords"] == ["ops"]
    assert "image" not in data  # none until the article has a lead image
    og = _og(page)
    assert og["og:type"] == "article" and og["og:url"] == url
    assert og["og:title"] == "Backups that restore"
    assert og["og:description"] == "Why restore."
    assert og["article:tag"] == "ops"
    assert '<meta name="twitter:card" content="summary">' in page
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'href="/authors/{article.author_id}/feed.xml"' in page


def test_an_image_plugs_into_the_article_data_and_the_cards(client, author, app):
    article = make_article(author, title="Pictured")
    image = "http://localhost/media/lead.jpg"
    with app.test_request_context():
        assert ld.article_data(article, image=image)["image"] == image


def test_live_listing_has_local_business_and_breadcrumbs(client, bakeries):
    listing = make_listing(
        category=bakeries,
        name="Crumb & Co",
        url="https://crumb.example/",
        phone="+44 113 496 0000",
        address={**ADDRESS, "country": "United Kingdom"},
    )
    page = text(client.get(f"/listings/{listing.slug}"))
    found = _json_ld(page)
    business = found["LocalBusiness"]
    assert business["name"] == "Crumb & Co"
    assert business["url"] == "https://crumb.example/"
    assert business["mainEntityOfPage"] == f"http://localhost/listings/{listing.slug}"
    assert business["telephone"] == "+44 113 496 0000"
    assert business["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 Mill Lane",
        "postalCode": "LS1 1AA",
        "addressLocality": "Leeds",
        "addressCountry": "United Kingdom",
    }
    assert not {"geo", "image", "openingHoursSpecification"} & business.keys()
    crumbs = found["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "Directory"),
        (2, "Shops"),
        (3, "Bakeries"),
        (4, "Crumb & Co"),
    ]
    assert crumbs[2]["item"] == "http://localhost/directory/shops/bakeries"
    og = _og(page)
    assert og["og:title"] == "Crumb & Co" and og["og:type"] == "website"
    assert og["og:url"] == f"http://localhost/listings/{listing.slug}"


def test_extras_plug_into_local_business(app, bakeries):
    listing = make_listing(category=bakeries)
    hours = [{"@type": "OpeningHoursSpecification", "dayOfWeek": "Monday"}]
    rating = {"@type": "AggregateRating", "ratingValue": 4.5, "reviewCount": 2}
    with app.test_request_context():
        data = ld.listing_business(
            listing,
            image="http://localhost/media/logo.png",
            opening_hours=hours,
            rating=rating,
            geo=ld.geo_coordinates("53.8", "-1.55"),
        )
    assert data["openingHoursSpecification"] == hours
    assert data["aggregateRating"] == rating
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 53.8,
        "longitude": -1.55,
    }
    assert data["image"] == "http://localhost/media/logo.png"
    assert ld.geo_coordinates(None, 2.0) is None


@pytest.mark.parametrize("status", ["expired", "suspended"])
def test_expired_and_suspended_listings_carry_no_business_data(
    client, login, editor, status
):
    listing = make_listing(status=status, phone="+44 113 496 0001", address=ADDRESS)
    login(editor)
    response = client.get(f"/listings/{listing.slug}")
    assert response.status_code == (410 if status == "expired" else 200)
    found = _json_ld(text(response))
    assert set(found) == {"BreadcrumbList"}


def test_category_page_has_breadcrumbs_and_announces_its_feed(client, bakeries):
    page = text(client.get("/directory/shops/bakeries"))
    crumbs = _json_ld(page)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Directory", "Shops", "Bakeries"]
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Linchpin: new in Shops › Bakeries" '
        'href="/directory/shops/bakeries/feed.xml">'
    ) in page
    canonical = "http://localhost/directory/shops/bakeries"
    assert f'<link rel="canonical" href="{canonical}">' in page


def test_home_has_website_with_search_action(client):
    page = text(client.get("/?cursor="))
    site = _json_ld(page)["WebSite"]
    assert site["url"] == "http://localhost/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        "http://localhost/search?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert '<link rel="canonical" href="http://localhost/">' in page


def test_tag_and_author_pages_announce_their_feeds(client, author):
    make_article(author, tags=["Small business"])
    tag_page = text(client.get("/tags/small-business"))
    assert 'href="/tags/small-business/feed.xml"' in tag_page
    assert 'title="Linchpin: tagged Small business"' in tag_page
    author_page = text(client.get(f"/authors/{author.id}"))
    assert f'href="/authors/{author.id}/feed.xml"' in author_page
    assert _og(author_page)["og:type"] == "profile"


def test_every_page_gets_site_wide_defaults(client):
    page = text(client.get("/directory"))
    og = _og(page)
    assert og["og:site_name"] == "Linchpin"
    assert og["og:title"] == "Directory" and og["og:type"] == "website"
    assert og["og:url"] == "http://localhost/directory"
    assert og["og:description"].startswith("A directory of businesses")
    assert '<link rel="canonical" href="http://localhost/directory">' in page
    assert 'href="/feed.xml"' in page
    login_page = text(client.get("/auth/login"))
    assert _og(login_page)["og:url"] == "http://localhost/auth/login"


@pytest.mark.parametrize(
    "builder", ["home_meta", "article_meta", "category_meta", "listing_meta"]
)
def test_metadata_adds_no_query(client, author, bakeries, monkeypatch, builder):
    article = make_article(author, tags=["one", "two"])
    listing = make_listing(category=bakeries, address=ADDRESS)
    url = {
        "home_meta": "/",
        "article_meta": f"/articles/{article.slug}",
        "category_meta": "/directory/shops/bakeries",
        "listing_meta": f"/listings/{listing.slug}",
    }[builder]
    with_meta = _queries_for(client, url)
    monkeypatch.setattr(seo, builder, lambda *args: PageMeta())
    assert _queries_for(client, url) == with_meta
    assert "application/ld+json" not in text(client.get(url))
