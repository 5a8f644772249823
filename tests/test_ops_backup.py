"""Backups of a live database restore with every row; pre-flight checks."""

import threading

from flask_migrate import upgrade
from sqlalchemy import func, select, text

from myapp import create_app
from myapp.auth.models import User
from myapp.extensions import db
from tests.test_migrations import MIGRATIONS


def make_app(url, **config):
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, **config}
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    return app


def invoke(app, *args):
    """Run a command against `app` (not the suite's app, whose context is open)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def count_users(app):
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(User))
        db.session.remove()
        return total


def add_users(app, start, stop):
    with app.app_context():
        for n in range(start, stop):
            db.session.add(
                User(email=f"u{n}@example.com", name=f"U{n}", password_hash="x")
            )
            db.session.commit()
        db.session.remove()


def test_backup_under_writes_restores_every_row(scratch_database, tmp_path):
    live = make_app(scratch_database("live"))
    add_users(live, 0, 200)
    writer = threading.Thread(target=add_users, args=(live, 200, 400))
    writer.start()
    backup_file = tmp_path / "backup.dump"
    result = invoke(live, "backup", "create", "-o", str(backup_file))
    writer.join()
    assert result.exit_code == 0, result.output
    assert count_users(live) == 400

    fresh = make_app(scratch_database("fresh"))
    result = invoke(fresh, "backup", "restore", str(backup_file), "--yes")
    assert result.exit_code == 0, result.output
    restored = count_users(fresh)
    assert 200 <= restored <= 400
    with fresh.app_context():
        emails = set(db.session.scalars(select(User.email)))
        assert {f"u{n}@example.com" for n in range(restored)} == emails
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        db.session.remove()
        db.engine.dispose()
    with live.app_context():
        db.engine.dispose()


def test_restore_of_a_missing_file_is_a_clear_error(scratch_database):
    app = make_app(scratch_database("missing"))
    result = invoke(app, "backup", "restore", "/nope.sql", "--yes")
    assert result.exit_code != 0
    assert "No backup file" in result.output


def test_check_deploy_fails_on_default_secrets_and_unmigrated_db(runner):
    result = runner.invoke(args=["check-deploy"])
    assert result.exit_code == 1
    assert "FAIL PAYMENT_WEBHOOK_SECRET" in result.output
    assert "FAIL database: at None" in result.output
    assert "WARN SITE_URL" in result.output


def test_check_deploy_passes_a_ready_server(scratch_database):
    app = make_app(
        scratch_database("ready"),
        SECRET_KEY="k" * 64,
        PAYMENT_WEBHOOK_SECRET="whsec-" + "s" * 32,
        SITE_URL="https://linchpin.example",
    )
    result = invoke(app, "check-deploy")
    assert result.exit_code == 0, result.output
    assert "OK   database" in result.output and "migrations at head" in result.output
    with app.app_context():
        db.engine.dispose()
