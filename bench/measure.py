"""Linchpin serving one data set: start it, and load its routes one run at a time."""

from datetime import UTC, datetime

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from bench import datasets
from bench.load import LoadError, LoadResult, LoadSettings, combine, load_once, warm_up
from bench.pickers import PickError
from bench.routes import Route, endpoint_for
from bench.servers import Server, ServerError, server_env
from myapp import create_app
from myapp.auth import services as auth_services
from myapp.cli import DEMO_ADMIN


def say(text: str) -> None:
    print(text, flush=True)


class AppUnderTest:
    """Linchpin serving one data set: its server, URL map, database and token."""

    def __init__(  # noqa: PLR0913
        self, data_set, secret_key, work_dir, threads, failures, page_cache=True
    ):
        self.data_set, self.work_dir, self.failures = data_set, work_dir, failures
        self.config = {
            "LINCHPIN_ENV": "production",
            "SECRET_KEY": secret_key,
            "DATABASE_URL": data_set.url,
            "MAIL_OUTBOX": str(work_dir / "outbox"),
            "SQL_COUNT_HEADER": "1",
            # wrk is one client sending thousands of calls a minute: measure the
            # API, not its per-client budget (the limiter still checks each call).
            "API_RATE_LIMIT": "100000000 per minute",
            "API_ANON_RATE_LIMIT": "100000000 per minute",
            "AUTH_RATE_LIMIT": "100000 per minute",
            # Room for the spread's 2,000 article pages (about 12 KB each).
            "PAGE_CACHE_MAX_BYTES": str(48 * 1024 * 1024),
        }
        if not page_cache:
            self.config["PAGE_CACHE_SECONDS"] = "0"
        self.server = Server(
            f"Linchpin ({data_set.name})",
            "myapp:create_app()",
            server_env(self.config),
            work_dir / f"app-{data_set.name}.log",
            threads=threads,
            ready_path="/healthz",
        )
        self.rows, self.engine, self.app, self._tokens = [], None, None, {}
        self._headers: dict[str, list[str]] = {}

    def prepare(self, reuse: bool) -> None:
        say(f"== {self.data_set.name}: seeding {self.data_set.sizes} …")
        datasets.prepare(self.data_set, self.server.env, self.work_dir, reuse)
        how = "reused, seeded earlier" if self.data_set.reused else "seeded"
        say(f"   {how} in {self.data_set.seed_seconds} s")

    def start(self) -> None:
        config = {k: v for k, v in self.config.items() if k != "DATABASE_URL"}
        # The same app the server runs, built here only to read its URL map.
        self.app = create_app({**config, "SQLALCHEMY_DATABASE_URI": self.data_set.url})
        self.engine = create_engine(self.data_set.url)
        self.server.start()
        self.start_rss_mb = self.server.rss_mb()

    def stop(self) -> None:
        self.server.stop()
        if self.engine is not None:
            self.engine.dispose()

    def result(self) -> dict:
        return {
            **self.data_set.as_dict(),
            "server_start_rss_mb": getattr(self, "start_rss_mb", None),
            "routes": self.rows,
        }

    def token(self, scopes=("read",)) -> str:
        """An API token of the demo admin (read-only by default), made once.

        Made through the service, not POST /api/v1/tokens: in production staff
        need a second factor for that, which a benchmark has no browser for.
        """
        key = " ".join(scopes)
        if key not in self._tokens:
            with self.app.app_context():
                admin = auth_services.get_user_by_email(DEMO_ADMIN["email"])
                if admin is None:
                    raise PickError("the data set has no demo admin")
                data = {"name": "benchmark", "scopes": list(scopes)}
                self._tokens[key] = auth_services.create_token(admin, data)[1]
        return self._tokens[key]

    def prepare_route(self, route: Route, settings: LoadSettings) -> dict:
        """Find, pick, check and warm up a route; "ready" when it can be loaded."""
        row = {"name": route.name, "path": route.path, "note": route.note}
        row["endpoint"] = endpoint_for(self.app, route.probe_path())
        if row["endpoint"] is None:
            return self._keep({**row, "status": "not available"})
        try:
            values, headers = {}, {}
            if route.pick:
                with self.engine.connect() as conn:
                    values = route.pick(conn, datetime.now(UTC).replace(tzinfo=None))
            if route.token:
                headers["Authorization"] = f"Bearer {self.token()}"
        except (PickError, SQLAlchemyError) as err:
            return self._fail(
                row,
                f"served by {row['endpoint']} but no URL could be "
                f"picked (update bench/pickers.py): {err}",
            )
        row["url"] = url = route.url(values)
        status, row["sql_first"], _ = self.probe(url, headers)
        if not 200 <= status < 300:
            return self._fail(row, f"GET {url} answered {status}")
        self._headers[route.name] = [f"{k}: {v}" for k, v in headers.items()]
        try:
            warm_up(self.server.url(url), settings, self._headers[route.name])
        except LoadError as err:
            return self._fail(row, f"{url}: {err}")
        _, row["sql"], row["cache"] = self.probe(url, headers)
        self.server.reset_peak_rss()
        return {**row, "status": "ready"}

    def load_route(self, row: dict, settings: LoadSettings) -> LoadResult | None:
        """One measured run of a ready route (None, and the row failed, on error)."""
        server = self.server
        try:
            result = load_once(
                server.url(row["url"]),
                settings,
                self._headers[row["name"]],
                server.cpu_seconds,
            )
        except LoadError as err:
            self._fail(row, f"{row['url']}: {err}")
            return None
        if not server.alive():
            raise ServerError(f"{server.name} died under load:\n{server.log_tail()}")
        return result

    def finish_route(self, row: dict, runs: list[LoadResult]) -> dict:
        """Combine the runs into the row, with the peak memory since prepare."""
        result = combine(runs)
        row.update(result.as_dict(), peak_rss_mb=self.server.peak_rss_mb())
        row["status"] = "ok"
        if result.non_2xx or result.socket_errors:
            self.failures.append(
                f"{self.data_set.name} {row['name']} ({row['url']}): "
                f"{result.non_2xx} responses ≥ 400 and "
                f"{result.socket_errors} socket errors"
            )
        return self._keep(row)

    def probe(self, url: str, headers: dict) -> tuple[int, int | None, str]:
        """GET once: the status, the app's count of SQL statements, and whether
        the page came from the page cache (HIT, MISS, or "—" for an uncached route)."""
        status, response_headers, _body = self.server.fetch(url, headers=headers)
        count = response_headers.get("X-SQL-Count")
        cache = response_headers.get("X-Cache", "—")
        return status, int(count) if count is not None else None, cache

    def _keep(self, row: dict) -> dict:
        if row["status"] == "ok":
            say(
                f"   {self.data_set.name} {row['name']}: {row['rps']:,.0f} req/s, "
                f"p50 {row['p50_ms']:.2f} ms, SQL {row['sql']}"
            )
        elif row["status"] == "error":
            say(f"   {self.data_set.name} {row['name']}: error: {row['error']}")
        self.rows.append(row)
        return row

    def _fail(self, row: dict, message: str) -> dict:
        """Mark the row failed (in place) and keep it."""
        self.failures.append(f"{self.data_set.name} {row['name']}: {message}")
        row.update(status="error", error=message)
        return self._keep(row)
