"""Directory search filters on a seeded database: statements and time per page.

    DATABASE_URL=sqlite:////tmp/lp/large.db .venv/bin/python -m bench.directory_filters

Every combination the filter form can send (words, city, open now, featured,
plan, each order) on the directory's front page, a category page and the API
list, each rendered with the page cache off: the median wall time of
`--repeat` requests in this process and the statements of one. Seed the
database first with `flask demo seed --listings 20000`.
"""

import argparse
import itertools
import os
import statistics
import time
from urllib.parse import urlencode

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
    bases = {
        "directory": "/directory",
        "category": f"/directory/{path}",
        "api": "/api/v1/listings",
    }
    bases = {k: v for k, v in bases.items() if k in args.pages.split(",")}
    rows = []
    for combo in combinations(args.word, args.city):
        for name, base in bases.items():
            query = dict(combo)
            if name == "api" and "open" in query:
                query["open"] = "true"
            if name == "api" and "featured" in query:
                query["featured"] = "true"
            url = base + ("?" + urlencode(query) if query else "")
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            sql = int(response.headers["X-SQL-Count"])
            rows.append((name, url, sql, statistics.median(times)))
    print(f"{'page':<10} {'SQL':>3} {'ms':>7}  url")
    for name, url, sql, ms in sorted(rows, key=lambda r: -r[3])[:15]:
        print(f"{name:<10} {sql:>3} {ms:7.2f}  {url}")
    for name in bases:
        mine = [r for r in rows if r[0] == name]
        print(
            f"{name}: {len(mine)} URLs, SQL max {max(r[2] for r in mine)}, "
            f"median {statistics.median(r[3] for r in mine):.2f} ms, "
            f"max {max(r[3] for r in mine):.2f} ms"
        )
    opened = [r for r in rows if "open=" in r[1]]
    print(f"with open now: median {statistics.median(r[3] for r in opened):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
