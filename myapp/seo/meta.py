"""The metadata a page gives its head (`page_meta`): one object, read by
`templates/_meta_head.html`.

Title and description stay the template's blocks (they feed `<title>`, the
meta description and the Open Graph and Twitter card tags alike). A page that
hands no `page_meta` still gets the site-wide defaults: its path on SITE_URL
as canonical URL, og:type "website", the site's feed. `PageMeta` says more:
its type, image, feeds, JSON-LD and extra Open Graph properties.
"""

from dataclasses import dataclass, field


@dataclass
class Feed:
    """A feed to announce with `<link rel="alternate">` (autodiscovery)."""

    title: str
    href: str  # site-relative, like every link in the head


@dataclass
class PageMeta:
    canonical: str | None = None  # absolute; None: SITE_URL + the request path
    type: str = "website"  # og:type
    image: str | None = None  # absolute URL of the lead image or logo
    feeds: list[Feed] = field(default_factory=list)
    json_ld: list[dict] = field(default_factory=list)
    og: list[tuple[str, str]] = field(default_factory=list)  # article:* and such
