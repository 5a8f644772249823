"""Requests per second through the shipped nginx config: one vs two app processes.

    .venv/bin/python tests/stress/scaling.py --server mysql+pymysql://root@127.0.0.1:3306

Makes a scratch MariaDB database with the demo content, then for 1 and 2
waitress processes (production settings, Redis for limits and the page cache
generation) runs wrk three times per page against nginx on 127.0.0.1 and
prints the median of each as a Markdown table (docs/performance.md).
Anonymous pages come from the page cache; a signed-in page is rendered for
every request. The machine's other load is printed with it: read the table
with it in mind.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import requests
from multi_server import (
    PYTHON,
    ROOT,
    PrivateRedis,
    free_port,
    multi_server,
    scratch_mysql_database,
)

sys.path.insert(0, ROOT)
from tests.stress.forms import csrf_session  # noqa: E402

PAGES = {
    "anonymous /": ("/", False),
    "anonymous article": (None, False),
    "signed-in /": ("/", True),
    "signed-in /account": ("/account", True),
}


def seed(database: str) -> None:
    env = {**os.environ, "DATABASE_URL": database, "FLASK_APP": "myapp"}
    for args in (["db", "upgrade"], ["demo", "seed", "--days", "3"]):
        subprocess.run(  # noqa: S603
            [PYTHON, "-m", "flask", *args], cwd=ROOT, env=env, check=True
        )


def signed_in_cookie(base: str) -> str:
    session, token = csrf_session(base, "/auth/login")
    response = session.post(
        base + "/auth/login",
        data={
            "csrf_token": token,
            "email": "admin@example.com",
            "password": "linchpin-admin",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.status_code
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def first_article(base: str) -> str:
    page = requests.get(base + "/", timeout=30).text
    return re.search(r'href="(/articles/[^"]+)"', page).group(1)


def wrk(url: str, cookie: str | None, seconds: int, connections: int) -> float:
    command = [shutil.which("wrk") or "wrk", "-t2", f"-c{connections}"]
    command += [f"-d{seconds}s", "--latency", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors on {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(database, redis_url, apps, seconds, connections, runs) -> dict:
    # Limits off for the run: wrk is one client hammering from one address.
    extra = {"API_ANON_RATE_LIMIT": "1000000 per minute", "REQUEST_LOG": "-"}
    results = {}
    with multi_server(database, redis_url, apps=apps, extra=extra) as (nginx, _apps):
        cookie = signed_in_cookie(nginx)
        article = first_article(nginx)
        for name, (path, signed_in) in PAGES.items():
            url = nginx + (path or article)
            wrk(url, cookie if signed_in else None, 2, connections)  # warm up
            rates = [
                wrk(url, cookie if signed_in else None, seconds, connections)
                for _ in range(runs)
            ]
            results[name] = (statistics.median(rates), rates)
            print(f"{apps} process(es) {name}: {rates}", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--prefix", default="linchpin_scaling", help="database name")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()
    folder = tempfile.mkdtemp(prefix="linchpin-scaling-")
    redis_server = PrivateRedis(shutil.which("redis-server"), free_port(), folder)
    redis_server.start()
    try:
        with scratch_mysql_database(args.server, args.prefix) as database:
            seed(database)
            one, two = (
                measure(
                    database,
                    redis_server.url,
                    n,
                    args.seconds,
                    args.connections,
                    args.runs,
                )
                for n in (1, 2)
            )
    finally:
        redis_server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nload average before: {load_before}, after: {os.getloadavg()}")
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, median of {args.runs}\n")
    print("| page | 1 process (req/s) | 2 processes (req/s) | 2 ÷ 1 |")
    print("|---|---:|---:|---:|")
    for name in PAGES:
        a, b = one[name][0], two[name][0]
        print(f"| {name} | {a:,.0f} | {b:,.0f} | {b / a:.2f}× |")


if __name__ == "__main__":
    main()
