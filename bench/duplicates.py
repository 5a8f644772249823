"""Duplicate hints on a large directory: the submission path's cost.

    python -m bench.duplicates [--listings 20000] [--runs 200]

Fills a fresh SQLite file with N approved listings (and their match keys)
in bulk, then times `find_duplicates` for submissions that hit by domain,
phone and name and for ones that hit nothing, and the whole `submit_listing`
service (schema data in, one commit out). Prints medians and 95th percentiles.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert


def _fill(n: int) -> None:
    from myapp.database import utcnow
    from myapp.directory.models import Listing
    from myapp.directory.trust.duplicates import keys_of
    from myapp.directory.trust.models import MatchKey
    from myapp.extensions import db
    from tests import factories

    owner = factories.make_user()
    category = factories.make_category()
    plans = factories.make_plans()
    cities = [f"Town {i}" for i in range(400)]
    rows, keys, now = [], [], utcnow()
    for i in range(1, n + 1):
        values = {
            "name": f"Business number {i} and sons",
            "url": f"https://www.business-{i}.co.uk/",
            "phone": f"020 7{i:07d}"[:13],
            "city": cities[i % len(cities)],
            "country": "United Kingdom",
        }
        rows.append(
            dict(
                values,
                id=i,
                slug=f"business-{i}",
                url_key=f"business-{i}.co.uk",
                description="A fine business.",
                category_id=category.id,
                plan_id=plans["free"].id,
                owner_id=owner.id,
                contact_email=owner.email,
                status="approved",
                published_at=now,
                created_at=now,
                updated_at=now,
            )
        )
        keys.append({"listing_id": i, **keys_of(values)})
    for start in range(0, n, 2000):
        db.session.execute(insert(Listing), rows[start : start + 2000])
        db.session.execute(insert(MatchKey), keys[start : start + 2000])
    db.session.commit()
    return owner, category


def _time(fn, runs: int) -> tuple[float, float]:
    times = []
    for i in range(runs):
        started = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    from myapp import create_app
    from myapp.config import TestingConfig
    from myapp.directory.listings import services
    from myapp.directory.trust.duplicates import find_duplicates
    from myapp.extensions import db

    path = Path(tempfile.mkdtemp()) / "duplicates.db"
    app = create_app(
        {**_config(TestingConfig), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        owner, category = _fill(args.listings)
        print(
            f"{args.listings} listings filled in {time.perf_counter() - started:.1f} s"
        )
        rng = random.Random(1)
        pick = lambda: rng.randint(1, args.listings)  # noqa: E731
        cases = {
            "same domain": lambda i: {"url": f"https://shop.business-{pick()}.co.uk/"},
            "same phone": lambda i: {
                "url": "https://x.org/",
                "phone": f"+44 20 7{pick():07d}"[:16],
                "country": "UK",
            },
            "similar name, same city": lambda i: {
                "url": "https://y.org/",
                "name": f"Business number {(k := pick())} & sons",
                "city": f"Town {k % 400}",
            },
            "no match": lambda i: {
                "url": f"https://fresh-{i}.org/",
                "name": f"Fresh {i}",
                "city": "Town 7",
                "phone": "+44 20 7946 0000",
            },
        }
        print(f"{args.runs} runs each, {args.listings} listings")
        print("| check | median ms | p95 ms |")
        print("|---|---|---|")
        for label, make in cases.items():
            median, p95 = _time(
                lambda i, make=make: find_duplicates(make(i)), args.runs
            )
            print(f"| find_duplicates: {label} | {median:.2f} | {p95:.2f} |")

        def submit(i):
            data = {
                "name": f"Business number {pick()} and daughters",
                "url": f"https://www.new-{i}.co.uk/",
                "description": "A fine new business, submitted for the bench.",
                "category_id": category.id,
                "plan": "free",
                "contact_email": owner.email,
                "phone": "020 7946 0000",
                "address": {"city": "Town 3", "country": "United Kingdom"},
            }
            services.submit_listing(owner, data)

        median, p95 = _time(submit, args.runs)
        label = "submit_listing (whole service, one commit)"
        print(f"| {label} | {median:.2f} | {p95:.2f} |")


def _config(cls) -> dict:
    return {k: getattr(cls, k) for k in dir(cls) if k.isupper()}


if __name__ == "__main__":
    main()
