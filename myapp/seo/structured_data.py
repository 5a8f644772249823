"""schema.org JSON-LD builders: plain dicts from objects a page already loaded.

They issue no query and read no request: what another feature adds (an image,
opening hours, a rating, coordinates) comes in as a keyword argument, so the
page function that calls them (`seo/pages.py`) is the one place it plugs in.
"""

from flask import current_app

from myapp.web import absolute_url

CONTEXT = "https://schema.org"


def iso(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _compact(data: dict) -> dict:
    """Drop properties with no value: schema.org readers prefer none to null."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization() -> dict:
    """The site as publisher."""
    return {
        "@type": "Organization",
        "name": current_app.config["SITE_NAME"],
        "url": absolute_url("articles.index"),
    }


def article_data(article, *, image: str | None = None) -> dict:
    """`Article`: headline, author, dates, image, publisher, keywords."""
    url = absolute_url("articles.show", slug=article.slug)
    author = {
        "@type": "Person",
        "name": article.author.name,
        "url": absolute_url("articles.author", user_id=article.author_id),
    }
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Article",
            "@id": f"{url}#article",
            "url": url,
            "mainEntityOfPage": url,
            "headline": article.title[:110],
            "description": article.excerpt,
            "author": author,
            "datePublished": iso(article.published_at),
            "dateModified": iso(article.updated_at or article.published_at),
            "image": image,
            "publisher": organization(),
            "keywords": [tag.name for tag in article.tags],
        }
    )


def postal_address(listing) -> dict | None:
    """`PostalAddress` from the listing's address columns, or None."""
    if not listing.address:
        return None
    return _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": listing.street,
            "postalCode": listing.postcode,
            "addressLocality": listing.city,
            "addressCountry": listing.country,
        }
    )


def geo_coordinates(latitude, longitude) -> dict | None:
    """`GeoCoordinates`, or None unless both are known."""
    if latitude is None or longitude is None:
        return None
    return {
        "@type": "GeoCoordinates",
        "latitude": float(latitude),
        "longitude": float(longitude),
    }


def listing_business(  # noqa: PLR0913 - one keyword per feature that adds data
    listing,
    *,
    image: str | None = None,
    opening_hours: list[dict] | None = None,
    rating: dict | None = None,
    geo: dict | None = None,
) -> dict:
    """`LocalBusiness` for a live listing: name, URLs, address, phone, extras.

    `opening_hours` is a list of `OpeningHoursSpecification` dicts, `rating`
    an `AggregateRating` dict, `geo` from `geo_coordinates()`. Callers pass
    only live listings: an expired or suspended one carries no business data.
    """
    page = absolute_url("directory.show", slug=listing.slug)
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "LocalBusiness",
            "@id": f"{page}#business",
            "name": listing.name,
            "description": listing.description,
            "url": listing.url,
            "mainEntityOfPage": page,
            "address": postal_address(listing),
            "telephone": listing.phone,
            "geo": geo,
            "image": image,
            "openingHoursSpecification": opening_hours,
            "aggregateRating": rating,
        }
    )


def aggregate_rating(summary: dict | None) -> dict | None:
    """`AggregateRating` from {"average", "count"}; None while no average is shown."""
    if not summary or summary.get("average") is None:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": summary["average"],
        "reviewCount": summary["count"],
        "bestRating": 5,
        "worstRating": 1,
    }


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """`BreadcrumbList` from (name, absolute URL) pairs, outermost first."""
    items = [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(crumbs, start=1)
    ]
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}


def website() -> dict:
    """`WebSite` with a `SearchAction` on the site search, for the home page."""
    search = absolute_url("core.search") + "?q={search_term_string}"
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": current_app.config["SITE_NAME"],
        "url": absolute_url("articles.index"),
        "publisher": organization(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search},
            "query-input": "required name=search_term_string",
        },
    }
