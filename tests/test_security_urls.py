"""Every absolute URL the app produces starts with SITE_URL, whatever Host was sent.

A crawl of every page reachable by link (as a visitor and as an admin), the
feed, sitemap and robots.txt, the API's documents and Location headers, and
the e-mails that requests trigger, all sent with a forged Host header.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest

from tests.factories import (
    PASSWORD,
    make_article,
    make_category,
    make_listing,
    make_plans,
)

SITE = "https://site.example"
FORGED = {"Host": "evil.example"}
ABSOLUTE = re.compile(r"""https?://[^\s"'<>)\\]+""")
LINK = re.compile(r"""(?:href|src|action)="(/[^"#]*)""")
# Hosts that are not this site by design: XML and JSON-LD vocabularies, the
# problem-type URIs of the API and the listed sites themselves.
THIRD_PARTY = {
    "www.w3.org",
    "www.sitemaps.org",
    "schema.org",  # the JSON-LD vocabulary
    "www.google.com",
    "linchpin.dev",
    "example.com",  # the comment form's placeholder
    "commonmark.org",
    "spec.commonmark.org",
}
MAX_PAGES = 120


@pytest.fixture
def site(app, monkeypatch, author, editor):
    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    make_plans()
    category = make_category(actor=editor)
    make_article(author, title="Linked article", tags=["urls"])
    make_listing(category=category, url="https://listed.example.org/")
    return {"listed.example.org"}


def urls_in(text: str) -> list[str]:
    return ABSOLUTE.findall(text)


def check(text: str, where: str, listed: set[str]) -> list[str]:
    problems = []
    if "evil.example" in text:
        problems.append(f"{where}: the forged host")
    for url in urls_in(text):
        host = urlsplit(url).hostname or ""
        if url.startswith(SITE + "/") or url == SITE:
            continue
        if host in THIRD_PARTY or host in listed or host.endswith(".example.com"):
            continue
        problems.append(f"{where}: {url}")
    return problems


def crawl(client, start: list[str], listed: set[str]) -> tuple[int, list[str]]:
    seen, queue, problems = set(start), deque(start), []
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, headers=FORGED)
        text = response.get_data(as_text=True)
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        problems += check(text + "\n" + headers, path, listed)
        if response.mimetype != "text/html":
            continue
        for link in LINK.findall(text):
            if link not in seen and not link.startswith(("/static/", "/go/")):
                seen.add(link)
                queue.append(link)
    return len(seen), problems


ENTRY = ["/", "/feed.xml", "/sitemap.xml", "/robots.txt", "/api/v1/openapi.json"]


def test_pages_feeds_and_documents_use_only_site_url(client, site):
    count, problems = crawl(client, ENTRY + ["/directory", "/search?q=linked"], site)
    assert count > 20
    assert problems == []


def test_signed_in_pages_use_only_site_url(client, login, site, app):
    from tests.factories import make_user

    admin = make_user(role="admin", email="urls-admin@example.com")
    login(admin)
    count, problems = crawl(client, ["/", "/account", "/admin", "/admin/queue"], site)
    assert count > 20
    assert problems == []


def test_emails_and_api_locations_use_only_site_url(client, api, site, outbox):
    from tests.factories import make_user

    member = make_user(email="urls-member@example.com")
    client.post("/auth/reset", data={"email": member.email}, headers=FORGED)
    body = {"email": member.email, "password": PASSWORD, "name": "script"}
    created = client.post("/api/v1/tokens", json=body, headers=FORGED)
    assert created.status_code == 201
    problems = check(created.headers.get("Location", ""), "Location", site)
    client.post("/auth/login", data={"email": member.email, "password": PASSWORD})
    page = client.get("/directory/submit").get_data(as_text=True)
    category = re.search(r'<option value="(\d+)"', page).group(1)
    submitted = client.post(
        "/directory/submit",
        headers=FORGED,
        data={
            "plan": "standard",
            "name": "Forged Host Bakery",
            "url": "https://bakery.example.com/",
            "description": "Sourdough, rye and pastries baked every morning.",
            "category_id": category,
            "email": "shop@bakery.example.com",
            "terms": "1",
        },
    )
    assert submitted.status_code == 302
    messages = outbox()
    assert len(messages) >= 2
    for message in messages:
        text = message.get_payload(decode=True).decode()
        assert urls_in(text), message["Subject"]
        problems += check(text, message["Subject"], site)
    assert problems == []
