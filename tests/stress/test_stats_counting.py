"""Counting under concurrency: a real waitress server, 8 threads, exact totals."""

import threading

import pytest
import requests
from multi_server import (
    app_environment,
    free_port,
    migrate,
    running_app,
    wait_until_up,
)
from sqlalchemy import create_engine, func, select

from myapp import create_app
from myapp.directory.models import Listing
from myapp.extensions import db
from myapp.stats.models import DailyCount
from tests.factories import make_article, make_listing, make_user

# Two bursts of 2,000 requests each on a shared machine: allow more than the default.
pytestmark = [pytest.mark.stress, pytest.mark.timeout(900)]

THREADS, HITS = 8, 250
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
BOTS = ("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "")


def seed_content(database_url: str) -> tuple[str, int]:
    """A published article and a live listing, made by the app's own services."""
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url}
    )
    with app.app_context():
        article = make_article(make_user(role="author"), title="Counted")
        listing = make_listing(name="Clicked")
        result = article.slug, listing.id
        db.session.remove()
        db.engine.dispose()
    return result


def hammer(url: str, errors: list) -> None:
    """HITS counted GETs, plus bot GETs and HEADs that must not count."""
    session = requests.Session()
    try:
        for n in range(HITS):
            response = session.get(
                url, headers={"User-Agent": BROWSER}, allow_redirects=False, timeout=30
            )
            if response.status_code not in (200, 302):
                errors.append(response.status_code)
            if n % 25 == 0:
                bot = {"User-Agent": BOTS[n % 3]}
                session.get(url, headers=bot, allow_redirects=False, timeout=30)
                session.head(url, headers={"User-Agent": BROWSER}, timeout=30)
    except requests.RequestException as exc:
        errors.append(repr(exc))


def run_burst(url: str) -> None:
    errors: list = []
    threads = [
        threading.Thread(target=hammer, args=(url, errors)) for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors[:5]


def counted(database_url: str, kind: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(
                select(func.coalesce(func.sum(DailyCount.count), 0)).where(
                    DailyCount.kind == kind
                )
            )
    finally:
        engine.dispose()


def click_total(database_url: str, listing_id: int) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            stmt = select(Listing.click_count).where(Listing.id == listing_id)
            return conn.scalar(stmt)
    finally:
        engine.dispose()


def check_exact_counts(database_url: str, log_path) -> None:
    env = app_environment(database_url, "memory://", {})
    migrate(env)
    slug, listing_id = seed_content(database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Stopped cleanly (SIGTERM), so the server writes its buffered views.
    with open(log_path, "wb") as log, running_app(env, port, log):
        wait_until_up(base + "/healthz")
        run_burst(f"{base}/articles/{slug}")
        run_burst(f"{base}/go/{listing_id}")
    assert counted(database_url, "article_view") == THREADS * HITS == 2000
    assert counted(database_url, "listing_click") == 2000
    assert click_total(database_url, listing_id) == 2000


def test_exact_counts_on_sqlite(tmp_path):
    check_exact_counts(f"sqlite:///{tmp_path}/linchpin.db", tmp_path / "server.log")


def test_exact_counts_on_mariadb(mariadb_database, tmp_path):
    check_exact_counts(mariadb_database, tmp_path / "server.log")
