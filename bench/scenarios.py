"""Scenarios as readers meet the site, on the largest data set of the run.

- spread: anonymous GETs of random article pages out of 2,000 (bench/spread.lua);
- spread_writer: the same while an editor PATCHes a random one of them each second;
- signed_article, signed_home: a signed-in member (a real session cookie).

Their floors are sampled just before and after them: Flask's hello world and
the minimal one-query page (bench/floor_app.py), on the same waitress settings.
"""

import random
import threading
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import text

from bench import pickers
from bench.load import LoadError, Spread, combine, load_once, warm_up
from bench.measure import say
from bench.schedule import Floor, _mean
from bench.sessions import sign_in

SPREAD_PAGES = 2_000
SMOKE_SPREAD_PAGES = 20
READER = {"email": "reader@bench.example", "password": "bench-reader-pass"}
SCENARIOS = ("spread", "spread_writer", "signed_article", "signed_home")


def spread_slugs(engine, count: int) -> list[str]:
    """A fixed random sample of published articles: the same pages every run."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.connect() as conn:
        slugs = conn.execute(
            text(f"SELECT a.slug FROM articles a WHERE {pickers.PUBLISHED}"),
            {"now": now},
        ).scalars()
        slugs = sorted(slugs)
    if not slugs:
        raise pickers.PickError("no published article to spread the load over")
    return random.Random(21).sample(slugs, min(count, len(slugs)))


class Writer(threading.Thread):
    """One API PATCH per second to a random article of the spread."""

    def __init__(self, app, slugs: list[str], token: str):
        super().__init__(name="bench-writer", daemon=True)
        self.app, self.slugs, self.token = app, slugs, token
        self.stopping = threading.Event()
        self.writes, self.failures = 0, []

    def run(self) -> None:
        rng = random.Random(7)
        while True:  # the first write at once, so even a 1-second run has one
            slug = rng.choice(self.slugs)
            body = {"body": f"Edited by the benchmark, revision {self.writes + 1}."}
            status, _h, data = self.app.server.fetch(
                f"/api/v1/articles/{slug}",
                "PATCH",
                body,
                {"Authorization": f"Bearer {self.token}"},
            )
            if status == 200:
                self.writes += 1
            else:
                self.failures.append(f"PATCH {slug}: {status} {data[:120]!r}")
            if self.stopping.wait(1.0):
                return

    def stop(self) -> dict:
        self.stopping.set()
        self.join(10)
        return {"writes": self.writes, "failed_writes": len(self.failures)}


class Scenarios:
    """The four scenarios on one app, with both floors around them."""

    def __init__(self, app, hello: Floor, minimal: Floor, settings, smoke: bool):
        self.app, self.hello, self.minimal = app, hello, minimal
        self.settings, self.rows = settings, []
        self.count = SMOKE_SPREAD_PAGES if smoke else SPREAD_PAGES

    def run(self, names=SCENARIOS) -> dict:
        app = self.app
        slugs = spread_slugs(app.engine, self.count)
        paths = app.work_dir / f"spread-{app.data_set.name}.txt"
        paths.write_text("".join(f"/articles/{s}\n" for s in slugs))
        spread = Spread(paths)
        cookie = sign_in(app, READER)
        with app.engine.connect() as conn:
            now = datetime.now(UTC).replace(tzinfo=None)
            article = "/articles/" + pickers.article(conn, now)["slug"]
        plans = {
            "spread": ("/", [], spread, False),
            "spread_writer": ("/", [], spread, True),
            "signed_article": (article, [f"Cookie: {cookie}"], None, False),
            "signed_home": ("/", [f"Cookie: {cookie}"], None, False),
        }
        floors = {"hello": [self.hello.sample()], "minimal": [self.minimal.sample()]}
        for name in names:
            path, headers, spread_of, writes = plans[name]
            self.rows.append(self._one(name, path, headers, spread_of, writes, slugs))
        floors["hello"].append(self.hello.sample())
        floors["minimal"].append(self.minimal.sample())
        for key, samples in floors.items():
            rps = _mean(*(s["rps"] for s in samples))
            cpu = _mean(*(s["cpu_ms"] for s in samples))
            for row in self.rows:
                if row["status"] == "ok":
                    row[f"{key}_rps"], row[f"{key}_cpu_ms"] = rps, cpu
                    row[f"x_{key}"] = round(row["rps"] / rps, 3) if rps else None
        return {"set": app.data_set.name, "pages": len(slugs), "rows": self.rows}

    def _one(self, name, path, headers, spread, writes, slugs) -> dict:  # noqa: PLR0913
        app, settings = self.app, self.settings
        row = {"name": name, "url": spread.paths_file.name if spread else path}
        probe = path if spread is None else f"/articles/{slugs[0]}"
        for _ in range(2):  # the second answer is the one the load meets
            status, response_headers, _ = app.server.fetch(
                probe, headers=dict(h.split(": ", 1) for h in headers)
            )
        if status != 200:
            return self._fail(row, f"GET {probe} answered {status}")
        row["cache"] = response_headers.get("X-Cache", "—")
        url = app.server.url(path)
        writer = None
        if writes:
            writer = Writer(app, slugs, app.token(scopes=["read", "write"]))
            writer.start()
        try:
            if spread is not None and not writes:  # walk every page: a warm cache
                walk = replace(settings, warmup=max(settings.warmup, 1) * 6)
                warm_up(url, walk, headers, replace(spread, in_order=True))
            warm_up(url, settings, headers, spread)
            runs = [
                load_once(url, settings, headers, app.server.cpu_seconds, spread)
                for _ in range(settings.repeat)
            ]
        except LoadError as err:
            return self._fail(row, str(err))
        finally:
            if writer is not None:
                row.update(writer.stop())
        row.update(combine(runs).as_dict(), status="ok")
        if writer is not None and (writer.failures or not writer.writes):
            app.failures.append(f"{name}: writer failed: {writer.failures[:3]}")
        if row["non_2xx"] or row["socket_errors"]:
            app.failures.append(f"{name}: {row['non_2xx']} responses ≥ 400")
        say(f"   {name}: {row['rps']:,.0f} req/s, p50 {row['p50_ms']:.2f} ms")
        return row

    def _fail(self, row: dict, message: str) -> dict:
        self.app.failures.append(f"{row['name']}: {message}")
        say(f"   {row['name']}: error: {message}")
        return {**row, "status": "error", "error": message}
