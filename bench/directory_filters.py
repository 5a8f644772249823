"""Directory search filters on a seeded database: statements and time per page.

    DATABASE_URL=sqlite:////tmp/lp/large.db .venv/bin/python -m bench.directory_filters

Every combination the filter form can send (words, city, open now, featured,
plan, each order) on the directory's front page, a category page and the API
list, each rendered with the page cache off: the median wall time of
`--repeat` requests in this process, the statements of one, and how long
those statements take the database (each run again on the driver's own
connection with its rows fetched, median of `--repeat`, summed). Seed the
database first with `flask demo seed --listings 20000`.
"""

import argparse
import itertools
import os
import statistics
import time
from urllib.parse import urlencode

from sqlalchemy import event

NAMES = ("q", "city", "open", "featured", "plan", "sort")


def combinations(word: str, city: str):
    for values in itertools.product(
        ("", word),
        ("", city),
        ("", "1"),
        ("", "1"),
        ("", "standard"),
        ("relevance", "newest", "name"),
    ):
        yield {k: v for k, v in zip(NAMES, values, strict=True) if v}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--word", default="bakery")
    parser.add_argument("--city", default="Ghent")
    parser.add_argument("--pages", default="directory,category,api")
    args = parser.parse_args()
    os.environ.update(
        SQL_COUNT_HEADER="1",
        PAGE_CACHE_SECONDS="0",
        API_ANON_RATE_LIMIT="1000000 per minute",
    )
    os.environ.setdefault("LINCHPIN_ENV", "development")
    from myapp import create_app
    from myapp.directory.catalogue.models import Category

    app = create_app()
    client = app.test_client()
    with app.app_context():
        from myapp.extensions import db

        path = db.session.scalar(
            db.select(Category.path).where(Category.depth == 0).order_by(Category.id)
        )
        engine = db.engine
    bases = {
        "directory": "/directory",
        "category": f"/directory/{path}",
        "api": "/api/v1/listings",
    }
    bases = {k: v for k, v in bases.items() if k in args.pages.split(",")}
    rows = []
    raw = engine.raw_connection()  # requests push their own app contexts
    for combo in combinations(args.word, args.city):
        for name, base in bases.items():
            url = base + _query(name, combo)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            sql = int(response.headers["X-SQL-Count"])
            db_ms = _database_time(client, url, engine, raw.cursor(), args.repeat)
            rows.append((name, url, sql, statistics.median(times), db_ms))
    raw.close()
    print(f"{'page':<10} {'SQL':>3} {'ms':>7} {'db ms':>6}  url")
    for name, url, sql, ms, db_ms in sorted(rows, key=lambda r: -r[3])[:15]:
        print(f"{name:<10} {sql:>3} {ms:7.2f} {db_ms:6.2f}  {url}")
    for name in bases:
        mine = [r for r in rows if r[0] == name]
        print(
            f"{name}: {len(mine)} URLs, SQL max {max(r[2] for r in mine)}, "
            f"median {statistics.median(r[3] for r in mine):.2f} ms, "
            f"max {max(r[3] for r in mine):.2f} ms; "
            f"database median {statistics.median(r[4] for r in mine):.2f} ms, "
            f"max {max(r[4] for r in mine):.2f} ms"
        )
    groups = {
        "with words": lambda url: "q=" in url,
        "with open now": lambda url: "open=" in url,
        "with both": lambda url: "q=" in url and "open=" in url,
        "with neither": lambda url: "q=" not in url and "open=" not in url,
    }
    for label, test in groups.items():
        mine = [r for r in rows if test(r[1])]
        print(
            f"{label}: median {statistics.median(r[3] for r in mine):.2f} ms, "
            f"database median {statistics.median(r[4] for r in mine):.2f} ms, "
            f"max {max(r[4] for r in mine):.2f} ms"
        )
    return 0


def _query(name: str, combo: dict) -> str:
    query = dict(combo)
    for key in ("open", "featured"):
        if name == "api" and key in query:
            query[key] = "true"
    return "?" + urlencode(query) if query else ""


def _database_time(client, url: str, engine, cursor, repeat: int) -> float:
    """The statements of one render of `url`, each timed alone with its rows."""
    sent = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    total = 0.0
    for statement, parameters in sent:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(statement, parameters)
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
        total += statistics.median(times)
    return total


if __name__ == "__main__":
    raise SystemExit(main())
