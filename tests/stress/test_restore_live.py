"""Backup and restore as a MariaDB user with a password, two servers running.

The commands run as the operator runs them (`flask backup create|restore` in
a child process, settings from the environment). The backup is readable by
its owner only; the restore brings back the content at the moment of the
backup, and both app processes serve it at once: the restore moves the page
cache generation (shared in Redis) on.
"""

import os
import secrets
import stat
import subprocess

import pytest
import requests
from multi_server import PYTHON, ROOT, free_port, migrate, running_app, wait_until_up
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from myapp import create_app
from myapp.auth.models import User
from myapp.extensions import db
from tests import factories

pytestmark = pytest.mark.stress
# Characters an option file or a shell would mangle if quoted carelessly.
PASSWORD = 'Pw-"quoted" $HOME; #not-a-comment \\ ' + secrets.token_hex(4)


@pytest.fixture
def password_database():
    """A scratch database and a user who may use only it, with a password."""
    configured = os.environ.get("TEST_DATABASE_URL") or ""
    root = make_url(
        configured
        if configured.startswith("mysql")
        else "mysql+pymysql://root@127.0.0.1:3306/"
    )
    suffix = secrets.token_hex(4)
    name, user = f"lp_restore_{suffix}", f"lp_backup_{suffix}"
    server = create_engine(root.set(database=""))
    try:
        server.connect().close()
    except Exception:  # noqa: BLE001 - no MariaDB here: say so, unless CI needs it
        if os.environ.get("LINCHPIN_REQUIRE_BROWSER"):
            raise
        pytest.skip("MariaDB is not reachable")
    with server.begin() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
        for host in ("localhost", "127.0.0.1"):
            conn.execute(
                text(f"CREATE USER '{user}'@'{host}' IDENTIFIED BY :pw"),
                {"pw": PASSWORD},
            )
            conn.execute(text(f"GRANT ALL ON {name}.* TO '{user}'@'{host}'"))
    url = URL.create(
        "mysql+pymysql",
        username=user,
        password=PASSWORD,
        host=root.host or "127.0.0.1",
        port=root.port or 3306,
        database=name,
        query={"charset": "utf8mb4"},
    )
    yield url.render_as_string(hide_password=False)
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        for host in ("localhost", "127.0.0.1"):
            conn.execute(text(f"DROP USER IF EXISTS '{user}'@'{host}'"))
    server.dispose()


def flask(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [PYTHON, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def publish(app, title: str) -> None:
    """Through the service, as an editor would: the commit bumps the generation."""
    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(email="a@example.com"))
        author = author or factories.make_user("author", email="a@example.com")
        factories.make_article(author, title=title)
        db.session.remove()


def test_restore_with_a_password_user_while_two_servers_run(
    password_database, private_redis, tmp_path
):
    env = {
        **os.environ,
        "LINCHPIN_ENV": "production",
        "SECRET_KEY": "restore-live-test-" + "k" * 40,
        "DATABASE_URL": password_database,
        "RATELIMIT_STORAGE_URI": private_redis.url,
        "PAGE_CACHE_REDIS_URL": private_redis.url,
        "PAYMENT_WEBHOOK_SECRET": "whsec-restore-live-test-secret",
        "SESSION_COOKIE_SECURE": "0",
        "FLASK_APP": "myapp",
        "MYSQL_PWD": "",  # nothing inherited may stand in for the option file
    }
    migrate(env)
    writer = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": password_database,
            "PAGE_CACHE_REDIS_URL": private_redis.url,
        }
    )
    publish(writer, "Kept by the backup")
    ports = [free_port(), free_port()]
    logs = [open(tmp_path / f"app-{p}.log", "wb") for p in ports]  # noqa: SIM115
    with running_app(env, ports[0], logs[0]), running_app(env, ports[1], logs[1]):
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        for base in bases:
            wait_until_up(base + "/healthz")

        backup = tmp_path / "backups" / "site.sql"
        made = flask(env, "backup", "create", "-o", str(backup))
        assert made.returncode == 0, made.stderr
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
        assert PASSWORD not in backup.read_text()

        publish(writer, "Written after the backup")
        for base in bases:
            for _ in range(2):  # the second answer comes from the page cache
                assert "Written after the backup" in requests.get(base + "/").text

        restored = flask(env, "backup", "restore", str(backup), "--yes")
        assert restored.returncode == 0, restored.stderr
        for base in bases:
            page = requests.get(base + "/").text
            assert "Kept by the backup" in page
            assert "Written after the backup" not in page
    for log in logs:
        log.close()
