"""One data set's benchmark: seed it, serve it, load each route, read its costs."""

from datetime import UTC, datetime

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from bench import datasets
from bench.load import LoadError, LoadSettings, measure, warm_up
from bench.pickers import PickError
from bench.routes import Route, endpoint_for
from bench.servers import Server, ServerError, server_env


class SetBench:
    def __init__(
        self,
        data_set,
        floor,
        settings: LoadSettings,
        work_dir,
        secret_key,
        server_threads,
        failures,
    ):
        self.data_set, self.floor, self.settings = data_set, floor, settings
        self.work_dir, self.failures = work_dir, failures
        self.server_threads = server_threads
        self.config = {
            "LINCHPIN_ENV": "production",
            "SECRET_KEY": secret_key,
            "DATABASE_URL": data_set.url,
            "MAIL_OUTBOX": str(work_dir / "outbox"),
            "SQL_COUNT_HEADER": "1",
        }
        self._token = None

    def run(self, routes: list[Route], reuse: bool = False) -> dict:
        name = self.data_set.name
        print(f"== {name}: seeding {self.data_set.sizes} …", flush=True)
        env = server_env(self.config)
        datasets.prepare(self.data_set, env, self.work_dir, reuse)
        how = "reused, seeded earlier" if self.data_set.reused else "seeded"
        print(f"   {how} in {self.data_set.seed_seconds} s", flush=True)
        result = {**self.data_set.as_dict(), "routes": []}
        app = self._url_map_app()
        engine = create_engine(self.data_set.url)
        server = Server(
            f"Linchpin ({name})",
            "myapp:create_app()",
            env,
            self.work_dir / f"app-{name}.log",
            threads=self.server_threads,
            ready_path="/healthz",
        )
        try:
            with server:
                result["server_start_rss_mb"] = server.rss_mb()
                before = self.load_floor()
                for route in routes:
                    row = self.bench_route(route, app, engine, server)
                    result["routes"].append(row)
                after = self.load_floor()
        finally:
            engine.dispose()
        result["floor"] = {
            "before": before,
            "after": after,
            "rps": round((before["rps"] + after["rps"]) / 2, 1),
            "cpu_ms": _mean(before["cpu_ms"], after["cpu_ms"]),
        }
        return result

    def _url_map_app(self):
        from myapp import create_app

        config = {k: v for k, v in self.config.items() if k != "DATABASE_URL"}
        return create_app({**config, "SQLALCHEMY_DATABASE_URI": self.data_set.url})

    def load_floor(self) -> dict:
        status, _headers, _body = self.floor.fetch("/")
        if status != 200:
            raise ServerError(f"the floor app answered {status}")
        url = self.floor.url("/")
        warm_up(url, self.settings)
        result = measure(url, self.settings, cpu_clock=self.floor.cpu_seconds)
        result = result.as_dict()
        print(
            f"   floor: {result['rps']:,.0f} req/s, p50 {result['p50_ms']} ms",
            flush=True,
        )
        return result

    def token(self, server: Server) -> str:
        """A read-only API token of the demo admin, made once per server."""
        if self._token is None:
            from myapp.cli import DEMO_ADMIN

            body = {
                "email": DEMO_ADMIN["email"],
                "password": DEMO_ADMIN["password"],
                "name": "benchmark",
                "scopes": ["read"],
            }
            status, _h, data = server.fetch("/api/v1/tokens", "POST", body)
            if status != 201:
                raise PickError(
                    f"POST /api/v1/tokens answered {status}: {data[:200]!r}"
                )
            import json

            self._token = json.loads(data)["token"]
        return self._token

    def bench_route(self, route: Route, app, engine, server: Server) -> dict:
        row = {"name": route.name, "path": route.path, "note": route.note}
        row["endpoint"] = endpoint_for(app, route.probe_path())
        if row["endpoint"] is None:
            print(f"   {route.name}: not available", flush=True)
            return {**row, "status": "not available"}
        try:
            values = {}
            if route.pick:
                with engine.connect() as conn:
                    values = route.pick(conn, datetime.now(UTC).replace(tzinfo=None))
            headers = {}
            if route.token:
                headers["Authorization"] = f"Bearer {self.token(server)}"
        except (PickError, SQLAlchemyError) as err:
            return self.fail(
                row,
                f"served by {row['endpoint']} but no URL could be "
                f"picked (update bench/pickers.py): {err}",
            )
        row["url"] = url = route.url(values)
        status, sql = self.probe(server, url, headers)
        if not 200 <= status < 300:
            return self.fail(row, f"GET {url} answered {status}")
        wrk_headers = [f"{k}: {v}" for k, v in headers.items()]
        try:
            warm_up(server.url(url), self.settings, wrk_headers)
            row["sql_first"], (_, row["sql"]) = sql, self.probe(server, url, headers)
            server.reset_peak_rss()
            result = measure(
                server.url(url), self.settings, wrk_headers, server.cpu_seconds
            )
        except LoadError as err:
            return self.fail(row, f"{url}: {err}")
        if not server.alive():
            raise ServerError(f"{server.name} died under load:\n{server.log_tail()}")
        row.update(result.as_dict(), peak_rss_mb=server.peak_rss_mb(), status="ok")
        print(
            f"   {route.name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms, "
            f"SQL {row['sql']}",
            flush=True,
        )
        if result.non_2xx or result.socket_errors:
            self.failures.append(
                f"{self.data_set.name} {route.name} ({url}): "
                f"{result.non_2xx} responses ≥ 400 and "
                f"{result.socket_errors} socket errors"
            )
        return row

    def probe(self, server: Server, url: str, headers: dict) -> tuple[int, int | None]:
        """GET once: the status and the app's own count of SQL statements."""
        status, response_headers, _body = server.fetch(url, headers=headers)
        count = response_headers.get("X-SQL-Count")
        return status, int(count) if count is not None else None

    def fail(self, row: dict, message: str) -> dict:
        self.failures.append(f"{self.data_set.name} {row['name']}: {message}")
        print(f"   {row['name']}: ERROR {message}", flush=True)
        return {**row, "status": "error", "error": message}


def _mean(*values):
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None
