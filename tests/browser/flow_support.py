"""Shared pieces of the feature flows: seeded content, a local site to visit, checks."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

from browser_support import DEVICES

PHONE = DEVICES["phone"]["viewport"]
DESKTOP = DEVICES["desktop"]["viewport"]
SMALL_PHONE = {"width": 360, "height": 740}
DEMO_ADMIN = ("admin@example.com", "linchpin-admin")
PASSWORD = "a long enough passphrase"
ARTICLES = [
    (
        "Keeping a small site fast",
        "Speed is a feature readers notice before they read a word.\n\n"
        "## Measure first\n\nStart with the slowest page, not the one you like.",
        ["hosting", "performance"],
    ),
    (
        "Backups you have actually restored",
        "A backup you never restored is a hope, not a plan.\n\n"
        "Restore one every month onto a spare machine and *time it*.",
        ["hosting", "backups"],
    ),
    (
        "Writing for people who skim",
        "Most readers skim, so headings and first sentences carry the piece.",
        ["writing"],
    ),
]
EXISTING_LISTING = "Rye & Flour"


def seed_content(app) -> SimpleNamespace:
    """Articles sharing tags, categories and one live listing, via the services."""
    from tests import factories

    with app.app_context():
        author = factories.make_user(role="author", name="Ada Author")
        articles = [
            factories.make_article(author, title=t, body=b, tags=tags)
            for t, b, tags in ARTICLES
        ]
        factories.make_plans()
        shops = factories.make_category("Shops", slug="shops")
        bakeries = factories.make_category("Bakeries", parent=shops, slug="bakeries")
        factories.make_listing(
            category=bakeries,
            name=EXISTING_LISTING,
            url="https://rye.example.com/",
            description="Sourdough and rye loaves baked every morning since 1998.",
        )
        return SimpleNamespace(
            first=articles[0].title,
            related=articles[1].title,
            category_path="/directory/shops/bakeries",
        )


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = b"<!doctype html><title>Crumb Bakery</title><h1>Crumb Bakery</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_target_site():
    """A tiny web site on 127.0.0.1 that listings point to (no internet needed)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


def check_widths(check_page, page, name):
    """Title and description; axe, width and a screenshot at 1280 px, then 390 px.

    The page must also fit a 360 px screen (no screenshot kept for that one).
    """
    assert re.fullmatch(r".+ · Linchpin", page.title()), page.title()
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description and len(description.strip()) > 20, page.url
    check_page(page, name)
    page.set_viewport_size(PHONE)
    try:
        check_page(page, name)
        page.set_viewport_size(SMALL_PHONE)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= SMALL_PHONE["width"], f"{page.url} is {width} px wide at 360"
    finally:
        page.set_viewport_size(DESKTOP)
