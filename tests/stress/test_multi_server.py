"""nginx in front of two waitress processes on one MariaDB, rate limits in Redis."""

import hashlib
import hmac
import json
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from multi_server import PYTHON, ROOT, app_environment, multi_server
from sqlalchemy import bindparam, create_engine, text

from tests.stress.forms import TOKEN, csrf_session

pytestmark = pytest.mark.stress
CLIENTS = 8
UNLIMITED = {"AUTH_RATE_LIMIT": "100000 per minute"}


def register_many(base_url: str, client: int, count: int) -> list[int]:
    session, token = csrf_session(base_url, "/auth/register")
    statuses = []
    for n in range(count):
        response = session.post(
            base_url + "/auth/register",
            data={
                "csrf_token": token,
                "name": f"Client {client} user {n}",
                "email": f"c{client}-u{n}@example.com",
                "password": "a long enough password",
            },
            allow_redirects=False,
            timeout=15,
        )
        statuses.append(response.status_code)
        session.post(base_url + "/auth/logout", data={"csrf_token": token}, timeout=10)
        session, token = csrf_session(base_url, "/auth/register")
    return statuses


def test_concurrent_writes_through_nginx_land_once(
    nginx_available, mariadb_database, redis_url
):
    with (
        multi_server(mariadb_database, redis_url, extra=UNLIMITED) as (nginx_url, _),
        ThreadPoolExecutor(CLIENTS) as pool,
    ):
        results = list(
            pool.map(lambda c: register_many(nginx_url, c, 10), range(CLIENTS))
        )
    statuses = [status for result in results for status in result]
    assert all(status == 302 for status in statuses), statuses
    engine = create_engine(mariadb_database)
    with engine.connect() as conn:
        emails = conn.execute(text("SELECT email FROM users")).scalars().all()
    engine.dispose()
    assert len(emails) == len(set(emails)) == CLIENTS * 10


def test_rate_limits_are_shared_by_both_processes(
    nginx_available, mariadb_database, redis_url
):
    extra = {"AUTH_RATE_LIMIT": "12 per minute"}
    with multi_server(mariadb_database, redis_url, extra=extra) as (_nginx, apps):
        client = {"X-Forwarded-For": "203.0.113.9"}
        sessions = [csrf_session(url, "/auth/login", client) for url in apps]
        statuses = []
        for attempt in range(20):
            session, token = sessions[attempt % 2]
            response = session.post(
                apps[attempt % 2] + "/auth/login",
                data={
                    "csrf_token": token,
                    # One e-mail per attempt: the per-account slowdown is not this test.
                    "email": f"x{attempt}@example.com",
                    "password": "wrong",
                },
                timeout=10,
            )
            statuses.append(response.status_code)
    assert statuses.count(422) == 12
    assert statuses.count(429) == 8


MEMBERS = 6
PER_MEMBER = 4  # alternately free and paid ("standard")
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}
SECRET = app_environment("", "", {})["PAYMENT_WEBHOOK_SECRET"]


class Tally:
    """Every response the drivers saw, by status, for the closing figures."""

    def __init__(self):
        self.statuses, self.lock = Counter(), threading.Lock()

    def __call__(self, response):
        with self.lock:
            self.statuses[response.status_code] += 1
        return response


def submit_listings(  # noqa: PLR0913
    base_url: str, member: int, category_id: int, tally, confirm
) -> list:
    """Register, then submit listings; return the order references of paid ones.

    The address is confirmed in the database (the link has tests of its own).
    """
    session, token = csrf_session(base_url, "/auth/register", BROWSER)
    tally(
        session.post(
            base_url + "/auth/register",
            data={
                "csrf_token": token,
                "name": f"Member {member}",
                "email": f"m{member}@example.com",
                "password": "a long enough password",
            },
            allow_redirects=False,
            timeout=15,
        )
    )
    confirm(f"m{member}@example.com")
    references = []
    for n in range(PER_MEMBER):
        form = tally(session.get(base_url + "/directory/submit", timeout=15))
        plan = "standard" if n % 2 else "free"
        response = tally(
            session.post(
                base_url + "/directory/submit",
                data={
                    "csrf_token": TOKEN.search(form.text).group(1),
                    "plan": plan,
                    "name": f"Stress shop {member}-{n}",
                    "url": f"https://shop-{member}-{n}.example/",
                    "description": "A shop submitted while two servers share the load.",
                    "category_id": str(category_id),
                    "email": f"m{member}@example.com",
                    "terms": "1",
                },
                allow_redirects=False,
                timeout=15,
            )
        )
        assert response.status_code == 302, response.text[:500]
        if plan == "standard":
            references.append(response.headers["Location"].rsplit("/", 1)[1])
    return references


def deliver(url: str, body: bytes, tally) -> dict:
    """POST one signed payment event the way the provider does."""
    stamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    response = tally(
        requests.post(
            url + "/api/v1/payments/webhook",
            data=body,
            timeout=15,
            headers={
                "Content-Type": "application/json",
                "Linchpin-Signature": f"t={stamp},v1={mac.hexdigest()}",
            },
        )
    )
    assert response.status_code == 200, response.text
    return response.json()


def counters(conn, listing_ids) -> dict[str, int]:
    """Today's view/click counts and the listings' click totals, by key."""
    rows = conn.execute(
        text(
            "SELECT concat(kind, ':', object_id), sum(count) FROM daily_counts "
            "GROUP BY kind, object_id"
        )
    ).all()
    clicks = conn.execute(
        text(
            "SELECT concat('click_count:', id), click_count FROM listings "
            "WHERE id IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        {"ids": listing_ids},
    ).all()
    return {key: int(n) for key, n in [*rows, *clicks]}


def settled_counters(engine, listing_ids, keys, before, views, seconds=15) -> dict:
    """The counters once every key grew by `views`, or as they are at the deadline.

    Page views are written by each server once a second (STATS_FLUSH_SECONDS).
    """
    deadline = time.monotonic() + seconds
    while True:
        with engine.connect() as conn:
            after = counters(conn, listing_ids)
        grown = all(after.get(k, 0) - before.get(k, 0) >= views for k in keys)
        if grown or time.monotonic() > deadline:
            return after
        time.sleep(0.25)


def read(url: str, paths: list[str], tally) -> None:
    with requests.Session() as session:
        session.headers.update(BROWSER)
        for path in paths:
            tally(session.get(url + path, allow_redirects=False, timeout=15))


def test_submissions_payments_and_views_across_two_processes(
    nginx_available, mariadb_database, redis_url
):
    extra = {
        **UNLIMITED,
        "SUBMISSION_RATE_LIMIT": "100000 per minute",
        "API_ANON_RATE_LIMIT": "100000 per minute",
    }
    engine = create_engine(mariadb_database)
    tally = Tally()
    with multi_server(mariadb_database, redis_url, extra=extra) as (nginx, apps):
        subprocess.run(  # noqa: S603
            [PYTHON, "-m", "flask", "demo", "seed", "--days", "1"],
            cwd=ROOT,
            env=app_environment(mariadb_database, redis_url, extra),
            check=True,
            capture_output=True,
        )
        with engine.connect() as conn:
            category = conn.scalar(text("SELECT min(id) FROM categories WHERE depth=1"))
            slugs = conn.scalars(
                text("SELECT slug FROM articles WHERE status='published' LIMIT 5")
            ).all()
            listing_ids = conn.scalars(
                text("SELECT id FROM listings WHERE status='approved' LIMIT 5")
            ).all()
            article_ids = conn.scalars(
                text("SELECT id FROM articles WHERE slug IN :s").bindparams(
                    bindparam("s", expanding=True)
                ),
                {"s": slugs},
            ).all()
            before = counters(conn, listing_ids)

        def confirm(email):
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "UPDATE users SET email_confirmed_at = created_at"
                        " WHERE email = :e"
                    ),
                    {"e": email},
                )

        started = time.monotonic()  # the load alone, not migrations and seeding
        with ThreadPoolExecutor(CLIENTS) as pool:
            refs = [
                r
                for result in pool.map(
                    lambda m: submit_listings(nginx, m, category, tally, confirm),
                    range(MEMBERS),
                )
                for r in result
            ]
            with engine.connect() as conn:
                amounts = dict(
                    conn.execute(
                        text("SELECT reference, amount_cents FROM orders")
                    ).all()
                )
            bodies = [
                json.dumps(
                    {
                        "id": f"evt_{ref}",
                        "type": "payment.succeeded",
                        "order_reference": ref,
                        "amount_cents": amounts[ref],
                        "currency": "EUR",
                    }
                ).encode()
                for ref in refs
            ]
            deliveries = [(url, body) for body in bodies for url in [*apps, nginx]]
            answers = list(pool.map(lambda d: deliver(*d, tally), deliveries))
            paths = [f"/articles/{slug}" for slug in slugs] * 4
            paths += [f"/go/{lid}" for lid in listing_ids] * 4
            list(pool.map(lambda c: read(nginx, paths, tally), range(CLIENTS)))
    duration = time.monotonic() - started

    with engine.connect() as conn:
        names = conn.scalars(
            text("SELECT name FROM listings WHERE name LIKE 'Stress shop %'")
        ).all()
        mine = {"refs": refs}
        orders = conn.execute(
            text(
                "SELECT reference, status FROM orders WHERE reference IN :refs"
            ).bindparams(bindparam("refs", expanding=True)),
            mine,
        ).all()
        events = conn.scalar(
            text(
                "SELECT count(*) FROM payment_events WHERE order_reference IN :refs"
            ).bindparams(bindparam("refs", expanding=True)),
            mine,
        )
    views = CLIENTS * 4  # each reader requests each path four times
    keys = [f"article_view:{i}" for i in article_ids]
    keys += [f"listing_click:{i}" for i in listing_ids]
    keys += [f"click_count:{i}" for i in listing_ids]
    after = settled_counters(engine, listing_ids, keys, before, views)
    engine.dispose()
    total = sum(tally.statuses.values())
    print(
        f"\nmulti-server: {total} requests in {duration:.1f} s "
        f"({total / duration:.0f}/s, {CLIENTS} clients), "
        f"statuses {dict(sorted(tally.statuses.items()))}; "
        f"{len(names)} listings, {len(refs)} orders, {len(deliveries)} deliveries"
    )
    assert not [s for s in tally.statuses if s >= 500], tally.statuses
    assert len(names) == len(set(names)) == MEMBERS * PER_MEMBER
    assert sorted(r for r, _ in orders) == sorted(refs)
    assert {status for _, status in orders} == {"paid"}
    assert events == len(refs)  # one stored event per order, replays not stored
    assert sum(not a["replay"] for a in answers) == len(refs)
    assert {k: after[k] - before.get(k, 0) for k in keys} == dict.fromkeys(keys, views)
