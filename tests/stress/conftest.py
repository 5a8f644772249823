"""Stress tests talk to real servers on 127.0.0.1 and are bounded in time."""

import os
import shutil
import sys

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "stress"))  # multi_server
MARIADB = "mysql+pymysql://root@127.0.0.1:3306/test"


@pytest.fixture
def mariadb_database():
    """A fresh MariaDB database (the suite's server when it runs on MySQL)."""
    configured = os.environ.get("TEST_DATABASE_URL") or ""
    base = make_url(configured if configured.startswith("mysql") else MARIADB)
    url = base.set(database=f"{base.database}_stress")
    server = create_engine(base.set(database=""))
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {url.database}"))
        conn.execute(text(f"CREATE DATABASE {url.database} CHARACTER SET utf8mb4"))
    yield url.render_as_string(hide_password=False)
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {url.database}"))
    server.dispose()


@pytest.fixture
def redis_url():
    url = "redis://127.0.0.1:6379/7"
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def nginx_available():
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        if os.environ.get("LINCHPIN_REQUIRE_BROWSER"):
            pytest.fail("nginx is required in CI")
        pytest.skip("nginx is not installed")


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of our own on a free port, so a test may stop and restart it.

    Yields a controller with .url, .stop() and .start() (same port, same data).
    """
    from multi_server import PrivateRedis, free_port

    binary = shutil.which("redis-server")
    if not binary:
        if os.environ.get("LINCHPIN_REQUIRE_BROWSER"):
            pytest.fail("redis-server is required in CI")
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(binary, free_port(), tmp_path)
    server.start()
    yield server
    server.stop()
