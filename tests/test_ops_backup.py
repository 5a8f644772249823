"""Backups of a live database restore with every row; pre-flight checks."""

import threading
import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from myapp import create_app
from myapp.audit.models import AuditEntry
from myapp.auth.models import User
from myapp.extensions import db
from tests.conftest import TEST_DATABASE_URL
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


def count_rows(app, model):
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return total


def add_users(app, start, stop=None, until=None):
    """Add users (each with an audit entry, in one transaction) until told."""
    with app.app_context():
        n = start
        while (stop is None or n < stop) and not (until and until.is_set()):
            user = User(email=f"u{n}@example.com", name=f"U{n}", password_hash="x")
            db.session.add(user)
            db.session.flush()
            db.session.add(
                AuditEntry(actor_id=user.id, action="test", object_type="users")
            )
            db.session.commit()
            n += 1
        db.session.remove()


# On a SQLite run, MariaDB too; on a MariaDB run once is enough.
KINDS = ["suite"] if TEST_DATABASE_URL.startswith("mysql") else ["suite", "mariadb"]


@pytest.fixture(params=KINDS)
def live_databases(request, scratch_database):
    """Databases of the suite's kind, then MariaDB whatever the suite runs on."""
    if request.param == "suite":
        return scratch_database
    return request.getfixturevalue("mariadb_database")


def test_backup_under_writes_restores_every_row(live_databases, tmp_path):
    live = make_app(live_databases("live"))
    add_users(live, 0, 200)
    stop = threading.Event()
    writer = threading.Thread(target=add_users, args=(live, 200, None, stop))
    writer.start()
    while count_rows(live, User) < 220:  # back up only once writes are flowing
        time.sleep(0.01)
    backup_file = tmp_path / "backup.dump"
    result = invoke(live, "backup", "create", "-o", str(backup_file))
    after_dump = count_rows(live, User)
    while count_rows(live, User) < after_dump + 5:  # and keep writing after it
        time.sleep(0.01)
    stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    written = count_rows(live, User)

    fresh = make_app(live_databases("fresh"))
    result = invoke(fresh, "backup", "restore", str(backup_file), "--yes")
    assert result.exit_code == 0, result.output
    restored = count_rows(fresh, User)
    print(f"backup under writes: {restored} of {written} users in the snapshot")
    assert 220 <= restored < written  # a snapshot taken in the middle of writes
    # One consistent moment: every user and its audit entry, nothing half-written.
    assert count_rows(fresh, AuditEntry) == restored
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
    # Orders must not send members to a placeholder account, nor e-mails link
    # to this machine (the testing SITE_URL is http://localhost).
    assert "FAIL SITE_URL: 'http://localhost' points at this machine" in result.output
    assert "FAIL BANK_DETAILS: placeholder" in result.output


@pytest.mark.parametrize(
    "site_url", ["http://127.0.0.1:8000", "http://[::1]/", "https://app.localhost"]
)
def test_check_deploy_fails_on_a_loopback_site_url(app, runner, site_url, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", site_url)
    result = runner.invoke(args=["check-deploy"])
    assert f"FAIL SITE_URL: {site_url!r} points at this machine" in result.output


def test_check_deploy_passes_a_ready_server(scratch_database):
    app = make_app(
        scratch_database("ready"),
        SECRET_KEY="k" * 64,
        PAYMENT_WEBHOOK_SECRET="whsec-" + "s" * 32,
        SITE_URL="https://linchpin.example",
        BANK_DETAILS="Account holder: Linchpin Ltd\\nIBAN: BE71 0961 2345 6769",
    )
    result = invoke(app, "check-deploy")
    assert result.exit_code == 0, result.output
    assert "OK   database" in result.output and "migrations at head" in result.output
    with app.app_context():
        db.engine.dispose()
