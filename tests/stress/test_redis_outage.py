"""Redis stopped under a running server: no 500, /readyz says so, then recovery.

A private redis-server holds the rate-limit counters and the page cache
generation of a production-configured waitress process; the test stops it,
checks every kind of request and `flask check-deploy`, starts it again on
the same port and waits for the process to use it again, with no restart.
"""

import os
import subprocess
import time

import pytest
import redis
import requests
from multi_server import PYTHON, ROOT, free_port, migrate, wait_until_up

from tests.stress.forms import csrf_session

pytestmark = pytest.mark.stress


def until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


def check_deploy(env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [PYTHON, "-m", "flask", "check-deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def server(tmp_path, private_redis):
    port = free_port()
    env = {
        **os.environ,
        "LINCHPIN_ENV": "production",
        "SECRET_KEY": "redis-outage-test-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path}/site.db",
        "RATELIMIT_STORAGE_URI": private_redis.url,
        "PAGE_CACHE_REDIS_URL": private_redis.url,
        "AUTH_RATE_LIMIT": "5 per minute",
        "PAYMENT_WEBHOOK_SECRET": "whsec-redis-outage-test-secret",
        "SESSION_COOKIE_SECURE": "0",
        # A deployed site's address and bank details, so that check-deploy's
        # only FAIL is the one this test causes; the test talks to 127.0.0.1.
        "SITE_URL": "https://linchpin.example",
        "TRUSTED_HOSTS": "linchpin.example,127.0.0.1",
        "BANK_DETAILS": "Account holder: Linchpin Ltd\\nIBAN: BE71 0961 2345 6769",
        "MAIL_OUTBOX": str(tmp_path / "mail"),
        "PORT": str(port),
        "FLASK_APP": "myapp",
    }
    migrate(env)
    log_path = tmp_path / "app.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [PYTHON, "wsgi.py"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        yield base, env, log_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in(base: str) -> int:
    session, token = csrf_session(base, "/auth/login")
    form = {"csrf_token": token, "email": "nobody@example.com", "password": "wrong"}
    return session.post(base + "/auth/login", data=form, timeout=30).status_code


def test_redis_outage_is_answered_and_recovered_without_restart(server, private_redis):
    base, env, log_path = server
    ready = requests.get(base + "/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert ready.json()["redis (RATELIMIT_STORAGE_URI, PAGE_CACHE_REDIS_URL)"] == "ok"
    assert sign_in(base) == 422
    assert redis.Redis.from_url(private_redis.url).keys("LIMITS*")  # counted there
    assert check_deploy(env).returncode == 0

    private_redis.stop()
    ready = requests.get(base + "/readyz", timeout=10)
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "database": "ok",
        "redis (RATELIMIT_STORAGE_URI, PAGE_CACHE_REDIS_URL)": "unreachable",
    }
    for path in ("/", "/api/v1/articles", "/api/v1/listings", "/directory"):
        assert requests.get(base + path, timeout=10).status_code == 200, path
    api = requests.post(base + "/api/v1/articles", json={}, timeout=10)
    assert api.status_code == 401  # a refusal, not a 500
    # Sign-ins still answer, and are still limited: in this process's memory.
    statuses = [sign_in(base) for _ in range(6)]
    assert 500 not in statuses and statuses[-1] == 429, statuses
    log = log_path.read_text()
    assert "falling back to in-memory storage" in log
    assert "Page cache: Redis unreachable" in log
    deploy = check_deploy(env)
    assert deploy.returncode == 1
    assert "FAIL redis (RATELIMIT_STORAGE_URI, PAGE_CACHE_REDIS_URL)" in deploy.stdout

    private_redis.start()  # same port, empty
    until(
        lambda: requests.get(base + "/readyz", timeout=10).status_code == 200,
        10,
        "/readyz 200 again",
    )
    client = redis.Redis.from_url(private_redis.url)
    # Limits go back to Redis after the limiter's next check (1 .. 32 s apart).
    # A POST always reaches Flask and its limiter; a GET of a public list may be
    # answered from the page cache before either sees it.
    until(
        lambda: (
            requests.post(base + "/api/v1/articles", json={}, timeout=10).status_code
            == 401
            and client.keys("LIMITS*")
        ),
        60,
        "rate limits counted in Redis again",
    )
    assert "Rate limit storage recovered" in log_path.read_text()
    assert sign_in(base) in (422, 429)
