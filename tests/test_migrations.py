"""Migrations build the whole schema on an empty database, on SQLite and MySQL."""

import os

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from myapp import create_app
from myapp.extensions import db

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "migrations")


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database of the kind the suite runs on."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    scratch = make_url(url).set(database=make_url(url).database + "_migrations")
    server = create_engine(make_url(url).set(database=""))
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {scratch.database}"))
        conn.execute(text(f"CREATE DATABASE {scratch.database} CHARACTER SET utf8mb4"))
    yield scratch.render_as_string(hide_password=False)
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {scratch.database}"))
    server.dispose()


def test_upgrade_check_downgrade_upgrade(empty_database_url, runner):
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        result = app.test_cli_runner().invoke(args=["db", "check"])
        assert result.exit_code == 0, result.output
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.session.remove()
        db.engine.dispose()
