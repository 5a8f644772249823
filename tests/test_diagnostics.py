"""Bench mode: X-SQL-Count reports each request's own SQL statements."""

import pytest

from myapp import create_app
from myapp.auth import services as auth_services
from myapp.extensions import db as _db
from tests import factories


@pytest.fixture
def bench_app(tmp_path):
    """An app in bench mode; requests get their own app context, as in production."""
    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/bench.db",
            "SQL_COUNT_HEADER": True,
        }
    )
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()


def test_header_is_absent_unless_bench_mode_is_on(client):
    assert "X-SQL-Count" not in client.get("/readyz").headers


def test_each_request_reports_its_own_statement_count(bench_app):
    client = bench_app.test_client()
    assert client.get("/healthz").headers["X-SQL-Count"] == "0"
    counts = [client.get("/readyz").headers["X-SQL-Count"] for _ in range(3)]
    assert counts == ["1", "1", "1"]


def test_token_lookups_and_their_writes_are_counted(bench_app):
    with bench_app.app_context():
        user = factories.make_user()
        _, plain = auth_services.create_token(user, {"name": "b", "scopes": ["read"]})
        _db.session.remove()
    client = bench_app.test_client()
    headers = {"Authorization": f"Bearer {plain}"}
    first, second = (
        int(client.get("/api/v1/me", headers=headers).headers["X-SQL-Count"])
        for _ in range(2)
    )
    # The first use also records last_used_at; later ones within a minute only read.
    assert first > second > 0
