"""Start the shipped nginx config on 127.0.0.1 in front of waitress processes.

Used by the stress tests and runnable by hand; by hand it makes its own
scratch database on the given server and drops it on the way out:

    .venv/bin/python tests/stress/multi_server.py --server mysql+pymysql://root@127.0.0.1:3306

It migrates the database, starts the app servers and nginx (as the current
user, its pid, logs and temporary files in a scratch folder), prints the
addresses and waits for Ctrl-C; everything it started is stopped after.
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
NGINX_SITE = os.path.join(ROOT, "deploy", "nginx", "linchpin.conf")
NGINX_MAIN = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/linchpin.conf;
}}
"""


@dataclass
class Nginx:
    url: str
    tls_url: str | None
    certificate: str | None
    workdir: str


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.path.exists(found) else None


def site_config(app_ports, port: int, workdir: str, tls_port: int | None = None) -> str:
    """deploy/nginx/linchpin.conf with only addresses, ports and paths changed."""
    with open(NGINX_SITE) as fh:
        text = fh.read()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in app_ports)
    text = re.sub(
        r"(upstream linchpin \{\n)(?:\s*#?\s*server [^\n]*\n)+", r"\1" + servers, text
    )
    text = text.replace(
        "listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;"
    )
    listen = f"listen 127.0.0.1:{port};"
    if tls_port:
        listen += (
            f"\n    listen 127.0.0.1:{tls_port} ssl;"
            f"\n    ssl_certificate {workdir}/tls.crt;"
            f"\n    ssl_certificate_key {workdir}/tls.key;"
        )
    text = text.replace("listen 80;", listen)
    text = text.replace("server_name linchpin.example.com;", "server_name 127.0.0.1;")
    text = text.replace("/var/log/nginx/", f"{workdir}/")
    return text.replace("/srv/linchpin/app/", f"{ROOT}/")


def self_signed_certificate(workdir: str) -> None:
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", f"{workdir}/tls.key"]
        + ["-out", f"{workdir}/tls.crt"],
        check=True,
        capture_output=True,
    )


@contextmanager
def running_nginx(app_ports, port=None, tls_port=None):
    """The shipped site config on free ports (or these); yields an Nginx (url,
    tls_url, certificate); TLS with a fresh self-signed certificate if tls_port."""
    workdir = tempfile.mkdtemp(prefix="linchpin-nginx-")
    port = port or free_port()
    tls = bool(tls_port)
    if tls:
        self_signed_certificate(workdir)
    with open(os.path.join(workdir, "linchpin.conf"), "w") as fh:
        fh.write(site_config(app_ports, port, workdir, tls_port))
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as fh:
        fh.write(NGINX_MAIN.format(dir=workdir))
    process = subprocess.Popen(  # noqa: S603
        [nginx_binary(), "-c", conf, "-p", workdir, "-e", f"{workdir}/nginx-error.log"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + "/healthz")
        yield Nginx(
            url,
            f"https://127.0.0.1:{tls_port}" if tls else None,
            f"{workdir}/tls.crt" if tls else None,
            workdir,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 90) -> None:
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
        with running_nginx(ports) as nginx:
            yield nginx.url, app_urls
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def scratch_mysql_database(server_url: str, prefix: str = "linchpin_multi"):
    """A fresh database with a random name on the server; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(server_url)
    name = f"{prefix}_{secrets.token_hex(4)}"
    engine = create_engine(base.set(database=""))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        engine.dispose()


class PrivateRedis:
    """A redis-server of our own (no persistence) that can be stopped and
    started again on the same port."""

    def __init__(self, binary, port, folder):
        self.binary, self.port, self.folder = binary, port, folder
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        import redis

        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", required=True, help="mysql+pymysql://user@host:port (no database)"
    )
    parser.add_argument("--prefix", default="linchpin_multi", help="database name")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--apps", type=int, default=2)
    args = parser.parse_args()
    with (
        scratch_mysql_database(args.server, args.prefix) as database,
        multi_server(database, args.redis, args.apps) as (nginx_url, app_urls),
    ):
        print(f"nginx: {nginx_url}  app servers: {', '.join(app_urls)}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    sys.exit(main())
