"""8 clients × 250 mixed writes against one waitress server (8 threads), per database.

Nothing may answer 5xx or mention a locked database; everything the server
confirmed must be stored; counters must equal the requests that counted; no
order may be paid twice.
"""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from multi_server import (
    app_environment,
    free_port,
    migrate,
    running_app,
    wait_until_up,
)
from sqlalchemy import create_engine, select, text

from myapp import create_app
from myapp.directory.models import Order
from myapp.extensions import db
from tests import factories
from tests.stress.load import Seed, run_client

pytestmark = pytest.mark.stress
CLIENTS, REQUESTS = 8, 250
UNLIMITED = {
    "AUTH_RATE_LIMIT": "100000 per minute",
    "COMMENT_RATE_LIMIT": "100000 per minute",
    "SUBMISSION_RATE_LIMIT": "100000 per minute",
    "API_ANON_RATE_LIMIT": "100000 per minute",
    "COMMENT_MIN_SECONDS": "0",
}


def seed_database(url: str, secret: str, outbox) -> Seed:
    """Members, an article, live listings and unpaid orders, through the services."""
    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_OUTBOX": outbox,
        }
    )
    with app.app_context():
        members = [
            factories.make_user(email=f"load{c}@example.com") for c in range(CLIENTS)
        ]
        article = factories.make_article(factories.make_user(role="author"))
        category = factories.make_category()
        listings = [factories.make_listing(category=category) for _ in range(4)]
        for _ in range(6):
            factories.make_listing(
                plan="standard", status="awaiting_payment", category=category
            )
        unpaid = db.session.scalars(select(Order)).all()
        seed = Seed(
            article_slug=article.slug,
            article_id=article.id,
            listings=[(lst.id, lst.slug) for lst in listings],
            orders=[(o.reference, o.amount_cents, o.currency) for o in unpaid],
            category_id=category.id,
            members=[m.email for m in members],
            password=factories.PASSWORD,
            secret=secret,
        )
        db.session.remove()
        db.engine.dispose()
    return seed


def run_load(database_url: str, tmp_path) -> dict:
    env = app_environment(database_url, "memory://", UNLIMITED)
    migrate(env)
    seed = seed_database(
        database_url, env["PAYMENT_WEBHOOK_SECRET"], str(tmp_path / "outbox")
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        outbox = {**env, "MAIL_OUTBOX": str(tmp_path / "outbox")}
        with running_app(outbox, port, log, stop_seconds=30):
            wait_until_up(base + "/healthz")
            started = time.monotonic()
            with ThreadPoolExecutor(CLIENTS) as pool:
                tallies = list(
                    pool.map(
                        lambda c: run_client(base, seed, c, REQUESTS), range(CLIENTS)
                    )
                )
            elapsed = time.monotonic() - started
    server_log = log_path.read_text(errors="replace")
    return {"seed": seed, "tallies": tallies, "elapsed": elapsed, "log": server_log}


def check(database_url: str, result: dict) -> dict:
    """Assert nothing was lost or doubled; return the figures for the record."""
    seed, tallies = result["seed"], result["tallies"]
    statuses = sum((t.statuses for t in tallies), Counter())
    failures = [f for t in tallies for f in t.failures]
    assert not failures, (failures[:10], [b for t in tallies for b in t.bodies][:3])
    assert sum(statuses.values()) == CLIENTS * REQUESTS
    refusals = [r for t in tallies for r in t.refusals]
    assert not refusals, refusals[:5]  # same-name submissions racing all land
    assert not [s for s in statuses if s >= 500], statuses
    assert "database is locked" not in result["log"]
    assert "Traceback" not in result["log"], result["log"][-3000:]

    engine = create_engine(database_url)
    with engine.connect() as conn:
        comments = set(conn.execute(text("SELECT body FROM comments")).scalars())
        urls = set(conn.execute(text("SELECT url FROM listings")).scalars())
        counts = {
            (kind, object_id): count
            for kind, object_id, count in conn.execute(
                text(
                    "SELECT kind, object_id, SUM(count) FROM daily_counts"
                    " GROUP BY kind, object_id"
                )
            )
        }
        paid = conn.execute(
            text(
                "SELECT o.reference, o.status, "
                "(SELECT COUNT(*) FROM payment_events e"
                " WHERE e.order_id = o.id AND e.outcome = 'paid') "
                "FROM orders o"
            )
        ).all()
        events = Counter(
            conn.execute(text("SELECT event_id FROM payment_events")).scalars()
        )
    engine.dispose()

    sent_comments = [c for t in tallies for c in t.comments]
    sent_listings = [u for t in tallies for u in t.listings]
    expected_counts = sum((t.views for t in tallies), Counter())
    assert set(sent_comments) <= comments, "an accepted comment was lost"
    assert set(sent_listings) <= urls, "an accepted listing was lost"
    assert dict(expected_counts) == {k: int(v) for k, v in counts.items()}
    assert all(n <= 1 for _, _, n in paid), "an order was paid twice"
    webhook_orders = {ref for ref, _, _ in seed.orders}
    assert all(status == "paid" for ref, status, _ in paid if ref in webhook_orders)
    assert max(events.values()) == 1, "an event id was stored twice"
    return {
        "requests": sum(statuses.values()),
        "5xx": 0,
        "statuses": dict(statuses),
        "comments": len(sent_comments),
        "listings": len(sent_listings),
        "counters": sum(expected_counts.values()),
        "events": len(events),
        "rows_checked": len(comments)
        + len(urls)
        + len(counts)
        + len(paid)
        + len(events),
        "seconds": round(result["elapsed"], 1),
    }


def test_concurrent_writers_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'linchpin.db'}"
    figures = check(url, run_load(url, tmp_path))
    print("sqlite", figures)


def test_concurrent_writers_on_mariadb(mariadb_database, tmp_path):
    figures = check(mariadb_database, run_load(mariadb_database, tmp_path))
    print("mariadb", figures)
