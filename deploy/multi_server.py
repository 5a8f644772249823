"""Start nginx on 127.0.0.1 in front of two waitress processes on one database.

Used by tests/stress/test_multi_server.py and runnable by hand:

    python deploy/multi_server.py --database mysql+pymysql://root@127.0.0.1/linchpin_multi

It migrates the database, starts the app servers and nginx, prints the address
and waits for Ctrl-C; everything it started is stopped on the way out.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
daemon off;
events {{ worker_connections 512; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream linchpin {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 2m;
        location / {{
            proxy_pass http://linchpin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream off;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up within {seconds} s")


def app_environment(database_url: str, redis_url: str, extra: dict) -> dict:
    env = dict(os.environ)
    env.update(
        LINCHPIN_ENV="production",
        SECRET_KEY="multi-server-test-" + "k" * 40,
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=redis_url,
        # Several processes: one page cache generation for all, in Redis.
        PAGE_CACHE_REDIS_URL=redis_url if redis_url.startswith("redis") else "",
        PAYMENT_WEBHOOK_SECRET="whsec-multi-server-test-secret",
        SITE_URL="http://127.0.0.1",
        TRUSTED_PROXIES="127.0.0.1",
        FLASK_APP="myapp",
        SESSION_COOKIE_SECURE="0",  # the rehearsal speaks plain http
        **extra,
    )
    return env


def start_app(env: dict, port: int, log) -> subprocess.Popen:
    """One waitress process (8 threads) serving the app on 127.0.0.1:port."""
    return subprocess.Popen(  # noqa: S603
        [PYTHON, "wsgi.py"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**env, "PORT": str(port), "WAITRESS_THREADS": "8"},
    )


@contextmanager
def running_app(env: dict, port: int, log, stop_seconds: float = 10):
    """start_app for the block; stopped with SIGTERM (a clean exit) after it."""
    server = start_app(env, port, log)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=stop_seconds)


def migrate(env: dict) -> None:
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "flask", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@contextmanager
def multi_server(database_url: str, redis_url: str, apps: int = 2, extra=None):
    """Yield (nginx_url, [app_urls]) with everything running; stop it all after."""
    env = app_environment(database_url, redis_url, extra or {})
    migrate(env)
    workdir = tempfile.mkdtemp(prefix="linchpin-multi-")
    processes: list[subprocess.Popen] = []
    logs = []
    try:
        ports = [free_port() for _ in range(apps)]
        for port in ports:
            log = open(os.path.join(workdir, f"app-{port}.log"), "wb")  # noqa: SIM115
            logs.append(log)
            processes.append(start_app(env, port, log))
        app_urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in app_urls:
            wait_until_up(url + "/healthz")
        nginx_port = free_port()
        servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
        conf = os.path.join(workdir, "nginx.conf")
        with open(conf, "w") as fh:
            fh.write(NGINX_CONF.format(dir=workdir, servers=servers, port=nginx_port))
        processes.append(
            subprocess.Popen(  # noqa: S603
                [shutil.which("nginx") or "/usr/sbin/nginx", "-c", conf, "-p", workdir],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        nginx_url = f"http://127.0.0.1:{nginx_port}"
        wait_until_up(nginx_url + "/healthz")
        yield nginx_url, app_urls
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="mysql+pymysql://… URL")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--apps", type=int, default=2)
    args = parser.parse_args()
    with multi_server(args.database, args.redis, args.apps) as (nginx_url, app_urls):
        print(f"nginx: {nginx_url}  app servers: {', '.join(app_urls)}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    sys.exit(main())
