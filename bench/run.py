"""Run the benchmark: `python -m bench.run` (or `make bench`; `--smoke` for CI).

Exits 1 only when something is broken (a server that does not start, a route
that errors, a data set that cannot be seeded); missed targets are reported,
not fatal.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import datasets, report, routes, targets
from bench.load import WRK, LoadError, LoadSettings
from bench.machine import describe
from bench.measure import AppUnderTest, say
from bench.scenarios import SCENARIOS, Scenarios
from bench.schedule import Floor, measure_routes
from bench.servers import Server, ServerError, server_env
from bench.sessions import SignInError


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n")[0]
    )
    p.add_argument(
        "--smoke", action="store_true", help="tiny data, ~1 s per route (CI)"
    )
    p.add_argument("--db", choices=("sqlite", "mysql"), default="sqlite")
    p.add_argument(
        "--mysql-url",
        default=datasets.MYSQL_SERVER,
        help="server URL; scratch databases bench_<set> are dropped and made",
    )
    p.add_argument("--sets", default="small,large", help="data sets to run, in order")
    p.add_argument("--routes", default=None, help="only these routes (comma-separated)")
    p.add_argument(
        "--duration", type=int, help="seconds per measured run (10; smoke 1)"
    )
    p.add_argument(
        "--warmup", type=int, help="seconds of warm-up per route (2; smoke 0)"
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds per route, sets in ABBA order; medians kept",
    )
    p.add_argument(
        "--page-cache",
        choices=("on", "off"),
        default="on",
        help="off: every request renders (the cost behind a cache miss)",
    )
    p.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help="scenarios on the last data set (comma-separated; 'none' to skip)",
    )
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--server-threads", type=int, default=8)
    p.add_argument(
        "--data-dir",
        type=Path,
        help="keep databases and logs here (default: a temporary dir)",
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="reuse data sets in --data-dir seeded with the same sizes",
    )
    p.add_argument("--results-dir", type=Path, default=report.RESULTS_DIR)
    args = p.parse_args(argv)
    if args.duration is None:
        args.duration = 1 if args.smoke else 10
    if args.warmup is None:
        args.warmup = 0 if args.smoke else 2
    if args.reuse and not args.data_dir:
        p.error("--reuse needs --data-dir")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if not Path(WRK).exists():
        print(f"wrk not found at {WRK}: apt-get install wrk", file=sys.stderr)
        return 2
    scenarios = [n for n in args.scenarios.split(",") if n and n != "none"]
    try:
        chosen = routes.select(args.routes)
        if unknown := [n for n in scenarios if n not in SCENARIOS]:
            raise ValueError(f"unknown scenario(s): {', '.join(unknown)}")
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    sizes = datasets.SMOKE_SIZES if args.smoke else datasets.SIZES
    set_names = [n.strip() for n in args.sets.split(",") if n.strip()]
    if not set_names or any(n not in sizes for n in set_names):
        print(f"--sets: choose from {', '.join(sizes)}", file=sys.stderr)
        return 2
    settings = LoadSettings(
        connections=args.connections,
        seconds=args.duration,
        warmup=args.warmup,
        repeat=args.repeat,
    )
    work_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="linchpin-bench-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe(),
        "load_average": {"start": os.getloadavg()[0]},
        "settings": {
            "smoke": args.smoke,
            "db": args.db,
            "connections": settings.connections,
            "wrk_threads": settings.threads,
            "duration_s": settings.seconds,
            "warmup_s": settings.warmup,
            "repeat": settings.repeat,
            "page_cache": args.page_cache,
            "waitress_threads": args.server_threads,
        },
        "sets": [],
        "failures": [],
    }
    secret_key = secrets.token_hex(32)
    apps = [
        AppUnderTest(
            datasets.DataSet(
                name,
                sizes[name],
                datasets.database_url(args.db, name, work_dir, args.mysql_url),
            ),
            secret_key,
            work_dir,
            args.server_threads,
            results["failures"],
            page_cache=args.page_cache == "on",
        )
        for name in set_names
    ]
    floor_server = Server(
        "floor",
        "bench.floor_app:app",
        server_env({}),
        work_dir / "floor.log",
        threads=args.server_threads,
    )
    floor = Floor(floor_server, settings)
    minimal_server = Server(
        "minimal page",
        "bench.floor_app:minimal()",
        server_env({"FLOOR_DATABASE_URL": apps[-1].data_set.url}),
        work_dir / "minimal.log",
        threads=args.server_threads,
    )
    minimal = Floor(minimal_server, settings, "minimal page")
    say(f"Benchmark work dir: {work_dir}")
    try:
        with contextlib.ExitStack() as stack:
            for app in apps:
                app.prepare(args.reuse)
            say("== serving every data set and the floor; measuring route by route")
            for app in apps:
                stack.callback(app.stop)
                app.start()
            stack.enter_context(floor_server)
            measure_routes(apps, floor, chosen, settings)
            if scenarios:
                say(f"== scenarios on the {apps[-1].data_set.name} set")
                stack.enter_context(minimal_server)
                runner = Scenarios(apps[-1], floor, minimal, settings, args.smoke)
                results["scenarios"] = runner.run(scenarios)
    except (datasets.SeedError, ServerError, LoadError, SignInError) as err:
        results["failures"].append(str(err))
    except KeyboardInterrupt:
        results["failures"].append("interrupted")
    finally:
        if not args.data_dir:
            for app in apps:
                datasets.drop_database(app.data_set.url)
            shutil.rmtree(work_dir, ignore_errors=True)
    results["sets"] = [app.result() for app in apps]
    results["floor"] = floor.summary()
    results["minimal_floor"] = minimal.summary()
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["load_average"]["end"] = os.getloadavg()[0]
    targets.evaluate(results, chosen)
    print("\n" + report.render(results))
    print(f"\nSaved {report.save(results, args.results_dir)}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
