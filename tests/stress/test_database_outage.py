"""MariaDB stopped under load and started again: 503s while down, back by itself.

The test runs a MariaDB server of its own (own datadir and port under /tmp),
never the shared one, and removes it afterwards.
"""

import shutil
import subprocess
import threading
import time

import pymysql
import pytest
import requests
from multi_server import app_environment, free_port, migrate, start_app, wait_until_up

pytestmark = pytest.mark.stress
MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db")


class OwnMariaDB:
    """A throwaway mariadbd on 127.0.0.1:port, stopped and started at will."""

    def __init__(self, workdir):
        self.datadir, self.port = workdir / "data", free_port()
        self.socket, self.log = workdir / "mysqld.sock", workdir / "mysqld.log"
        self.process = None
        subprocess.run(  # noqa: S603
            [INSTALL_DB, "--no-defaults", f"--datadir={self.datadir}", "--user=root",
             "--auth-root-authentication-method=normal", "--skip-test-db"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [MARIADBD, "--no-defaults", f"--datadir={self.datadir}",
             f"--port={self.port}", f"--socket={self.socket}",
             "--bind-address=127.0.0.1", "--user=root", "--skip-grant-tables",
             f"--log-error={self.log}", f"--pid-file={self.datadir}/mysqld.pid",
             "--innodb-buffer-pool-size=32M", "--skip-log-bin"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                pymysql.connect(host="127.0.0.1", port=self.port, user="root").close()
                return
            except pymysql.err.OperationalError:
                time.sleep(0.3)
        raise RuntimeError("own mariadbd did not start: " + self.log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def url(self, database: str) -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def own_mariadb(tmp_path_factory):
    if not INSTALL_DB or not shutil.which(MARIADBD):
        pytest.skip("MariaDB server binaries are not installed")
    server = OwnMariaDB(tmp_path_factory.mktemp("mariadb"))
    server.start()
    try:
        with pymysql.connect(host="127.0.0.1", port=server.port, user="root") as conn:
            conn.cursor().execute("CREATE DATABASE linchpin CHARACTER SET utf8mb4")
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.datadir, ignore_errors=True)


def poll(url: str, seen: list, stop: threading.Event) -> None:
    """Readers keep coming while the database goes away and back."""
    while not stop.is_set():
        try:
            response = requests.get(url, timeout=30)
            seen.append((time.monotonic(), response.status_code, response.text))
        except requests.RequestException as exc:
            seen.append((time.monotonic(), 0, repr(exc)))
        time.sleep(0.05)


def wait_for(check, seconds: float = 60, seen=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"condition not met in time; last: {list(seen)[-3:]}")


def test_database_outage_gives_503_and_recovers_without_restart(own_mariadb, tmp_path):
    env = app_environment(
        own_mariadb.url("linchpin"),
        "memory://",
        {
            "API_ANON_RATE_LIMIT": "100000 per minute",  # the readers poll fast
            # Every read renders, so each one meets the outage (stored pages
            # would go on answering 200 while the database is away).
            "PAGE_CACHE_SECONDS": "0",
        },
    )
    migrate(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "wb") as log:
        server = start_app(env, port, log)
        stop, seen = threading.Event(), []
        readers = [
            threading.Thread(target=poll, args=(base + path, seen, stop))
            for path in ("/", "/directory", "/api/v1/articles")
        ]
        try:
            wait_until_up(base + "/readyz")
            for path in ("/", "/directory", "/api/v1/articles"):
                requests.get(base + path, timeout=60)  # a cold start is not the test
            for reader in readers:
                reader.start()
            time.sleep(1)
            own_mariadb.stop()
            down = time.monotonic()
            ready = wait_for(
                lambda: (
                    (r := requests.get(base + "/readyz", timeout=30)).status_code == 503
                    and [r]
                )
            )[0]
            assert ready.json()["database"] == "unreachable"
            page = wait_for(  # a list: a 503 Response is falsy
                lambda: (
                    (r := requests.get(base + "/", timeout=30)).status_code == 503
                    and [r]
                )
            )[0]
            assert "Traceback" not in page.text and "<html" in page.text.lower()
            problem = requests.get(base + "/api/v1/articles", timeout=30)
            assert problem.status_code == 503
            assert problem.headers["Content-Type"] == "application/problem+json"
            time.sleep(3)  # readers keep coming while it is down
            own_mariadb.start()
            up = time.monotonic()
            wait_for(
                lambda: requests.get(base + "/readyz", timeout=30).status_code == 200
            )
            assert requests.get(base + "/", timeout=30).status_code == 200
            time.sleep(7)  # and keep coming once it is back
        finally:
            stop.set()
            for reader in readers:
                if reader.is_alive():
                    reader.join(timeout=30)
            server.terminate()
            server.wait(timeout=30)
    statuses = {status for _, status, _ in seen}
    assert statuses <= {200, 503}, statuses - {200, 503}
    assert not [text for _, _, text in seen if "Traceback" in text]
    during = [s for t, s, _ in seen if down + 1 < t < up]
    after = [s for t, s, _ in seen if t > up + 5]
    assert 503 in during
    assert after and set(after) == {200}, after
    print(f"outage: {len(seen)} requests, statuses {sorted(statuses)}")
