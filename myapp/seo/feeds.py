"""Atom feeds (RFC 4287): one frame, `templates/_atom_feed.xml`, for every feed.

A feed view loads its entries through the feature's queries (which declare
what the feed shows to the page cache) and answers with `atom_response()`.
"""

from dataclasses import dataclass

from flask import current_app, make_response, render_template

from myapp.database import utcnow
from myapp.web import absolute_url

ATOM = "application/atom+xml"


@dataclass
class FeedInfo:
    title: str
    id: str  # a permanent IRI: the address of the page the feed follows
    self_url: str
    page_url: str
    subtitle: str = ""


def site_title(what: str) -> str:
    """A feed's title, as its feed reader lists it: "Linchpin: tagged SEO"."""
    return f"{current_app.config['SITE_NAME']}: {what}"


def atom_date(value) -> str:
    """A naive UTC datetime as an Atom date."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_info(title: str, page: tuple, feed: tuple, subtitle: str = "") -> FeedInfo:
    """A FeedInfo from (endpoint, url values) pairs of the page and the feed."""
    page_url = absolute_url(page[0], **page[1])
    feed_url = absolute_url(feed[0], **feed[1])
    return FeedInfo(title, page_url, feed_url, page_url, subtitle)


def atom_response(template: str, info: FeedInfo, entries: list, **context):
    """Render an Atom template extending `_atom_feed.xml`; `updated` is the
    newest entry's (now for an empty feed)."""
    updated = max((entry.updated_at for entry in entries), default=None) or utcnow()
    body = render_template(
        template,
        feed=info,
        updated=updated,
        url=absolute_url,
        atom_date=atom_date,
        **context,
    )
    response = make_response(body)
    response.mimetype = ATOM
    return response
