"""A mixed write load for one real server: readers, commenters, members, a provider.

Each client signs in through the form and sends a fixed cycle of requests;
it remembers what the server accepted so the test can look for it afterwards.
"""

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import requests

from myapp.directory.billing.payments import sign
from tests.stress.forms import TOKEN

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) LinchpinLoad/1.0"
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CYCLE = (
    "view",
    "comment",
    "click",
    "submit",
    "webhook",
    "listing_view",
    "view",
    "click",
    "webhook",
    "comment",
)


@dataclass
class Seed:
    """What the load needs to know about the seeded database."""

    article_slug: str
    article_id: int
    listings: list[tuple[int, str]]  # (id, slug) of approved listings
    orders: list[tuple[str, int, str]]  # (reference, amount_cents, currency)
    category_id: int
    members: list[str]  # e-mails, one per client
    password: str
    secret: str


@dataclass
class Tally:
    """What one client sent and what the server confirmed."""

    statuses: Counter = field(default_factory=Counter)
    bodies: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    views: Counter = field(default_factory=Counter)
    events: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def _error_text(html: str) -> str:
    """The first field error of a form sent back with 422."""
    found = re.search(r'class="field-error"[^>]*>([^<]+)<', html)
    return found.group(1).strip() if found else html[:200]


def sign_in(base: str, email: str, password: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    session.headers["User-Agent"] = BROWSER
    page = session.get(base + "/auth/login", timeout=30)
    token = TOKEN.search(page.text).group(1)
    response = session.post(
        base + "/auth/login",
        data={"csrf_token": token, "email": email, "password": password},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    page = session.get(base + "/directory/submit", timeout=30)
    return session, TOKEN.search(page.text).group(1)


def run_client(base: str, seed: Seed, client: int, requests_per_client: int) -> Tally:
    """Send `requests_per_client` requests of the cycle; never raise."""
    tally = Tally()
    try:
        session, csrf = sign_in(base, seed.members[client], seed.password)
        form_token = None
        for n in range(requests_per_client):
            kind = CYCLE[n % len(CYCLE)]
            response = _send(base, seed, session, csrf, form_token, client, n, kind)
            tally.statuses[response.status_code] += 1
            if response.status_code >= 500 or "database is locked" in response.text:
                tally.failures.append(f"{kind} {response.status_code}")
                tally.bodies.append(response.text[:300])
            if response.status_code == 422:
                tally.refusals.append(_error_text(response.text))
            _remember(tally, kind, response, client, n, seed)
            if kind == "view" and response.status_code == 200:
                form_token = FORM_TOKEN.search(response.text).group(1)
    except Exception as exc:  # the test reports it; a thread must not die silently
        tally.failures.append(f"client {client}: {exc!r}")
    return tally


def _send(base, seed, session, csrf, form_token, client, n, kind):
    get = dict(allow_redirects=False, timeout=60)
    if kind == "view" or (kind == "comment" and form_token is None):
        return session.get(f"{base}/articles/{seed.article_slug}", **get)
    if kind == "comment":
        return session.post(
            f"{base}/articles/{seed.article_slug}/comments",
            data={
                "csrf_token": csrf,
                "form_token": form_token,
                "author_name": f"Client {client}",
                "author_email": seed.members[client],
                "body": f"Load comment {client}-{n}.",
            },
            **get,
        )
    if kind == "click":
        listing_id, _ = seed.listings[(client + n) % len(seed.listings)]
        return session.get(f"{base}/go/{listing_id}", **get)
    if kind == "listing_view":
        _, slug = seed.listings[(client + n) % len(seed.listings)]
        return session.get(f"{base}/listings/{slug}", **get)
    if kind == "submit":
        return session.post(
            f"{base}/directory/submit", data=_listing(seed, csrf, client, n), **get
        )
    return _deliver(base, seed, client, n)


def _listing(seed: Seed, csrf: str, client: int, n: int) -> dict:
    """Same names across clients (slugs race), distinct sites; every other one paid."""
    return {
        "csrf_token": csrf,
        "plan": "standard" if n % 20 == 3 else "free",
        "name": f"Load Shop {n}",
        "url": f"https://shop-{client}-{n}.example.com/",
        "description": "A shop made by the load test, selling sturdy things.",
        "category_id": str(seed.category_id),
        "email": f"shop-{client}-{n}@example.com",
        "terms": "1",
    }


def _deliver(base: str, seed: Seed, client: int, n: int):
    """Payment events; the same event id reaches the server from several clients."""
    index = (n // len(CYCLE) + client // 2) % len(seed.orders)
    reference, amount, currency = seed.orders[index]
    body = json.dumps(
        {
            "id": f"evt-{reference}-{n % 3}",
            "type": "payment.succeeded",
            "order_reference": reference,
            "amount_cents": amount,
            "currency": currency,
        }
    ).encode()
    return requests.post(
        f"{base}/api/v1/payments/webhook",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Linchpin-Signature": sign(body, seed.secret, int(time.time())),
        },
        timeout=60,
    )


def _remember(tally: Tally, kind: str, response, client: int, n: int, seed: Seed):
    status = response.status_code
    if kind == "comment" and status == 302:
        tally.comments.append(f"Load comment {client}-{n}.")
    elif kind == "submit" and status == 302:
        tally.listings.append(f"https://shop-{client}-{n}.example.com/")
    elif kind == "view" and status == 200:
        tally.views[("article_view", seed.article_id)] += 1
    elif kind == "click" and status == 302:
        listing_id, _ = seed.listings[(client + n) % len(seed.listings)]
        tally.views[("listing_click", listing_id)] += 1
    elif kind == "listing_view" and status == 200:
        listing_id, _ = seed.listings[(client + n) % len(seed.listings)]
        tally.views[("listing_view", listing_id)] += 1
    elif kind == "webhook" and status == 200:
        tally.events.append(json.loads(response.request.body)["id"])
