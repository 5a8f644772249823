"""nginx in front of two waitress processes on one MariaDB, rate limits in Redis."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from multi_server import multi_server
from sqlalchemy import create_engine, text

from tests.stress.forms import csrf_session

pytestmark = pytest.mark.stress
CLIENTS = 8
UNLIMITED = {"AUTH_RATE_LIMIT": "100000 per minute"}


def register_many(base_url: str, client: int, count: int) -> list[int]:
    session, token = csrf_session(base_url, "/auth/register")
    statuses = []
    for n in range(count):
        response = session.post(
            base_url + "/auth/register",
            data={
                "csrf_token": token,
                "name": f"Client {client} user {n}",
                "email": f"c{client}-u{n}@example.com",
                "password": "a long enough password",
            },
            allow_redirects=False,
            timeout=15,
        )
        statuses.append(response.status_code)
        session.post(base_url + "/auth/logout", data={"csrf_token": token}, timeout=10)
        session, token = csrf_session(base_url, "/auth/register")
    return statuses


def test_concurrent_writes_through_nginx_land_once(
    nginx_available, mariadb_database, redis_url
):
    with (
        multi_server(mariadb_database, redis_url, extra=UNLIMITED) as (nginx_url, _),
        ThreadPoolExecutor(CLIENTS) as pool,
    ):
        results = list(
            pool.map(lambda c: register_many(nginx_url, c, 10), range(CLIENTS))
        )
    statuses = [status for result in results for status in result]
    assert all(status == 302 for status in statuses), statuses
    engine = create_engine(mariadb_database)
    with engine.connect() as conn:
        emails = conn.execute(text("SELECT email FROM users")).scalars().all()
    engine.dispose()
    assert len(emails) == len(set(emails)) == CLIENTS * 10


def test_rate_limits_are_shared_by_both_processes(
    nginx_available, mariadb_database, redis_url
):
    extra = {"AUTH_RATE_LIMIT": "12 per minute"}
    with multi_server(mariadb_database, redis_url, extra=extra) as (_nginx, apps):
        client = {"X-Forwarded-For": "203.0.113.9"}
        sessions = [csrf_session(url, "/auth/login", client) for url in apps]
        statuses = []
        for attempt in range(20):
            session, token = sessions[attempt % 2]
            response = session.post(
                apps[attempt % 2] + "/auth/login",
                data={
                    "csrf_token": token,
                    "email": "x@example.com",
                    "password": "wrong",
                },
                timeout=10,
            )
            statuses.append(response.status_code)
    assert statuses.count(422) == 12
    assert statuses.count(429) == 8
