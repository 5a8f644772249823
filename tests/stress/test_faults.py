"""kill -9 amid writes or a bulk seed: the database stays sound, the server is back."""

import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
import requests
from multi_server import (
    PYTHON,
    ROOT,
    app_environment,
    free_port,
    migrate,
    running_app,
    start_app,
    wait_until_up,
)

from tests.stress.forms import csrf_session

pytestmark = pytest.mark.stress


def burst(base_url: str, stop: threading.Event, client: int, accepted: list) -> None:
    """Register accounts until stopped; remember each one the server confirmed."""
    n = 0
    while not stop.is_set():
        email = f"k{client}-{n}@example.com"
        try:
            session, token = csrf_session(base_url, "/auth/register")
            response = session.post(
                base_url + "/auth/register",
                data={
                    "csrf_token": token,
                    "name": "K",
                    "email": email,
                    "password": "a long enough password",
                },
                allow_redirects=False,
                timeout=60,
            )
        except requests.RequestException:
            return  # the server is gone
        if response.status_code == 302:
            accepted.append(email)
        n += 1


def test_kill_9_during_a_write_burst(tmp_path):
    database = tmp_path / "linchpin.db"
    env = app_environment(
        f"sqlite:///{database}", "memory://", {"AUTH_RATE_LIMIT": "100000 per minute"}
    )
    migrate(env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "wb") as log:
        server = start_app(env, port, log)
        wait_until_up(url + "/healthz")
        stop, accepted = threading.Event(), []
        clients = [
            threading.Thread(target=burst, args=(url, stop, c, accepted))
            for c in range(8)
        ]
        for thread in clients:
            thread.start()
        deadline = time.monotonic() + 120
        while len(accepted) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)  # kill only once writes are flowing
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for thread in clients:
            thread.join()

        conn = sqlite3.connect(database)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT email FROM users")}
        conn.close()
        assert accepted, "the burst wrote nothing before the kill"
        assert set(accepted) <= stored, "a confirmed write was lost"

        with running_app(env, port, log):
            wait_until_up(url + "/readyz")
            assert requests.get(url + "/", timeout=5).status_code == 200


def count_rows(database, table: str) -> int:
    conn = sqlite3.connect(database, timeout=30)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_kill_9_during_a_bulk_seed(tmp_path):
    database = tmp_path / "seed.db"
    env = app_environment(f"sqlite:///{database}", "memory://", {})
    migrate(env)
    seed = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "flask", "demo", "seed", "--articles", "20000"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while count_rows(database, "articles") < 100 and time.monotonic() < deadline:
        time.sleep(0.1)  # kill it once the bulk insert is under way
    os.kill(seed.pid, signal.SIGKILL)
    seed.wait()
    assert count_rows(database, "articles") >= 100

    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "wb") as log, running_app(env, port, log):
        wait_until_up(url + "/readyz")
        assert requests.get(url + "/", timeout=30).status_code == 200
