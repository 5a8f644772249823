"""Each public page type's metadata, built in one small function per page.

What other features add to a page's metadata enters through the `*_extras`
functions: one line each for an image, opening hours, a rating, coordinates.
The builders only read what the page loads anyway (the rating is shared with
the reviews section through `rating_of`).
"""

from flask import url_for

from myapp.seo import structured_data as ld
from myapp.seo.feeds import site_title
from myapp.seo.meta import Feed, PageMeta
from myapp.web import absolute_url


def article_extras(article) -> dict:
    """What other features add to an article: its lead image (absolute URL)."""
    from myapp.media.library import lead_image_url  # the features import seo

    return {"image": lead_image_url(article)}


def listing_extras(listing) -> dict:
    """What other features add to a live listing's `LocalBusiness`."""
    from myapp.directory.details.hours import opening_hours_specification
    from myapp.media.library import lead_image_url
    from myapp.reviews.parts import rating_of

    return {
        "image": lead_image_url(listing),
        "opening_hours": opening_hours_specification(listing) or None,
        "rating": ld.aggregate_rating(rating_of(listing)),
        "geo": ld.geo_coordinates(listing.latitude, listing.longitude),
    }


def home_meta() -> PageMeta:
    """The home page: the site and its search."""
    return PageMeta(canonical=absolute_url("articles.index"), json_ld=[ld.website()])


def article_meta(article) -> PageMeta:
    """An article: og:type article, its dates and tags, `Article` when public."""
    extras = article_extras(article)
    og = [
        ("article:published_time", ld.iso(article.published_at)),
        ("article:modified_time", ld.iso(article.updated_at)),
        ("article:author", absolute_url("articles.author", user_id=article.author_id)),
        *(("article:tag", tag.name) for tag in article.tags),
    ]
    return PageMeta(
        canonical=absolute_url("articles.show", slug=article.slug),
        type="article",
        image=extras["image"],
        feeds=[author_feed(article.author)],
        json_ld=[ld.article_data(article, **extras)] if article.is_public else [],
        og=[(name, value) for name, value in og if value],
    )


def author_feed(author) -> Feed:
    return Feed(
        site_title(f"articles by {author.name}"),
        url_for("articles.author_feed", user_id=author.id),
    )


def tag_meta(tag) -> PageMeta:
    """A tag's page and its feed."""
    href = url_for("articles.tag_feed", slug=tag.slug)
    feed = Feed(site_title(f"tagged {tag.name}"), href)
    return PageMeta(canonical=absolute_url("articles.tag", slug=tag.slug), feeds=[feed])


def author_meta(author) -> PageMeta:
    """An author's page and their feed."""
    return PageMeta(
        canonical=absolute_url("articles.author", user_id=author.id),
        type="profile",
        feeds=[author_feed(author)],
    )


def _crumbs(tree, category) -> list[tuple[str, str]]:
    """(name, URL) from the directory down to the category, as the page shows."""
    crumbs = [("Directory", absolute_url("directory.index"))]
    for node in tree.ancestors(category):
        crumbs.append(
            (node.name, absolute_url("directory.category", category_path=node.path))
        )
    return crumbs


def category_meta(tree, category) -> PageMeta:
    """A category: its breadcrumbs and the feed of its new listings."""
    path = category.path
    feed = Feed(
        site_title(f"new in {tree.label(category)}"),
        url_for("directory.category_feed", category_path=path),
    )
    return PageMeta(
        canonical=absolute_url("directory.category", category_path=path),
        feeds=[feed],
        json_ld=[ld.breadcrumb_list(_crumbs(tree, category))],
    )


def listing_meta(listing, tree) -> PageMeta:
    """A listing: breadcrumbs; `LocalBusiness` only while it is live."""
    url = absolute_url("directory.show", slug=listing.slug)
    crumbs = [*_crumbs(tree, listing.category), (listing.name, url)]
    json_ld = [ld.breadcrumb_list(crumbs)]
    image = None
    if listing.is_public:  # expired, suspended, pending: no business data
        extras = listing_extras(listing)
        image = extras["image"]
        json_ld.append(ld.listing_business(listing, **extras))
    return PageMeta(canonical=url, image=image, json_ld=json_ld)
