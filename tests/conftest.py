"""Fixtures: an app on a clean database per test, clients, users of each role."""

import os
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from myapp import create_app
from myapp.extensions import db as _db
from myapp.extensions import limiter
from tests import factories
from tests.trust_support import net  # noqa: F401 (the pretend internet fixture)

# Under pytest-xdist each worker (gw0, gw1, ...) has databases of its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _of_this_worker(url: str) -> str:
    """The MySQL database of this worker: `<name>_gw0`, made if missing."""
    parsed = make_url(url)
    if not WORKER or parsed.get_backend_name() != "mysql":
        return url
    mine = parsed.set(database=f"{parsed.database}_{WORKER}")
    server = create_engine(parsed.set(database=""))
    with server.begin() as conn:
        conn.execute(
            text(
                f"CREATE DATABASE IF NOT EXISTS {mine.database} "
                "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        )
    server.dispose()
    return mine.render_as_string(hide_password=False)


TEST_DATABASE_URL = _of_this_worker(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
# Tests that need MariaDB even when the suite runs on SQLite (moves, dumps).
MARIADB = "mysql+pymysql://root@127.0.0.1:3306/linchpin_from_sqlite_suite" + (
    f"_{WORKER}" if WORKER else ""
)


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Tests hold an app context open for the services they call; without this,
    requests would share its `g` (and Flask-Login's cached user) and session.
    """

    def open(self, *args, **kwargs):
        _db.session.commit()  # end the test's transaction: see the request's writes
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    outbox = tmp_path_factory.mktemp("outbox")
    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
            "MAIL_OUTBOX": str(outbox),
            "MEDIA_STORAGE_URL": str(tmp_path_factory.mktemp("media")),
        }
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()


@pytest.fixture(autouse=True)
def db(app, request):
    """Every test starts on empty tables (faster than recreating them on MySQL)."""
    with app.app_context():
        yield _db
        _db.session.remove()
        with _db.engine.begin() as conn:
            if conn.dialect.name == "mysql":
                conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
            if conn.dialect.name == "mysql":
                conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    _clear_outbox(app)
    limiter.reset()
    app.extensions["page_cache"].clear()  # the tables were emptied behind its back


def _clear_outbox(app):
    folder = app.config["MAIL_OUTBOX"]
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))


@pytest.fixture
def scratch_database(tmp_path):
    """Make empty databases of the suite's kind: scratch_database("name") -> URL."""
    base = make_url(TEST_DATABASE_URL)
    if base.get_backend_name() == "sqlite":
        yield lambda name="scratch": f"sqlite:///{tmp_path}/{name}.db"
        return
    yield from _mysql_scratch(base)


def _mysql_scratch(base):
    """Yield a maker of fresh databases on base's server; drop them afterwards."""
    made = []

    def make(name="scratch"):
        url = base.set(database=f"{base.database}_scratch_{name}")
        with _server(base).begin() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {url.database}"))
            conn.execute(text(f"CREATE DATABASE {url.database} CHARACTER SET utf8mb4"))
        made.append(url.database)
        return url.render_as_string(hide_password=False)

    yield make
    if made:
        server = _server(base)
        with server.begin() as conn:
            for name in made:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


def _server(url):
    return create_engine(url.set(database=""))


@pytest.fixture
def mariadb_database(scratch_database, tmp_path):
    """Make empty MariaDB databases whatever the suite runs on (skip without one)."""
    if make_url(TEST_DATABASE_URL).get_backend_name() == "mysql":
        yield scratch_database
        return
    base = make_url(MARIADB)
    try:
        _server(base).connect().close()
    except Exception:  # noqa: BLE001 - no server here: say so, unless CI needs it
        if os.environ.get("LINCHPIN_REQUIRE_BROWSER"):
            raise
        pytest.skip("MariaDB is not reachable")
    yield from _mysql_scratch(base)


def pytest_collection_modifyitems(items):
    """Browser and stress tests run on the SQLite pass only. Each stress test
    picks its own databases (SQLite, MariaDB, both), and what the browser
    sees does not change with the database; the fast suite covers MariaDB."""
    if not TEST_DATABASE_URL.startswith("mysql"):
        return
    skip = pytest.mark.skip(reason="runs once, on the SQLite pass")
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("stress"):
            item.add_marker(skip)


@pytest.fixture
def once_per_ci_run():
    """Run on the SQLite pass only: what the test proves does not depend on the
    database (CI runs the suite on SQLite, then on MariaDB)."""
    if TEST_DATABASE_URL.startswith("mysql"):
        pytest.skip("database-independent: runs on the SQLite pass")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """The e-mails written so far, parsed, oldest first."""
    import email

    def read():
        folder = app.config["MAIL_OUTBOX"]
        messages = []
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as fh:
                messages.append(email.message_from_bytes(fh.read()))
        return messages

    return read


@pytest.fixture
def member(db):
    return factories.make_user(role="member", email="member@example.com")


@pytest.fixture
def author(db):
    return factories.make_user(role="author", email="author@example.com")


@pytest.fixture
def editor(db):
    return factories.make_user(role="editor", email="editor@example.com")


@pytest.fixture
def admin(db):
    return factories.make_user(role="admin", email="admin@example.com")


@pytest.fixture
def bakeries(editor):
    """Shops › Bakeries, a category two levels deep."""
    shops = factories.make_category("Shops", actor=editor)
    return factories.make_category("Bakeries", parent=shops, actor=editor)


@pytest.fixture
def login(client):
    """Sign a user in through the real form: login(user) or login(user, client)."""

    def do_login(user, on=None, password=factories.PASSWORD):
        target = on or client
        response = target.post(
            "/auth/login", data={"email": user.email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return target

    return do_login


@pytest.fixture
def api(app):
    """A JSON client: api(user) gives one that sends that user's Bearer token."""
    from myapp.auth import services

    class ApiClient:
        def __init__(self, token=None):
            self.client = app.test_client()
            self.token = token

        def open(self, method, path, **kwargs):
            headers = kwargs.pop("headers", {})
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            if not path.startswith("/api/"):
                path = "/api/v1" + path
            return self.client.open(path, method=method, headers=headers, **kwargs)

        def get(self, path, **kw):
            return self.open("GET", path, **kw)

        def post(self, path, **kw):
            return self.open("POST", path, **kw)

        def patch(self, path, **kw):
            return self.open("PATCH", path, **kw)

        def delete(self, path, **kw):
            return self.open("DELETE", path, **kw)

    def make(user=None, scopes=("read", "write")):
        if user is None:
            return ApiClient()
        _, plain = services.create_token(user, {"name": "test", "scopes": list(scopes)})
        return ApiClient(plain)

    return make


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no csrf_token in the page"
    return match.group(1)


@pytest.fixture
def clock(monkeypatch):
    """Move the one clock every module reads (`database.utcnow`): clock.move(days=1).

    Models' defaults, services, queries, the page cache and the comment
    form's age rule all ask `utcnow()`, so one move shifts them all.
    """
    from datetime import timedelta

    from myapp import database

    class Clock:
        def __init__(self):
            self.offset = timedelta()

        def now(self):
            return database.system_clock() + self.offset

        def move(self, **delta):
            self.offset += timedelta(**delta)

    moved = Clock()
    monkeypatch.setattr(database, "clock", moved.now)
    return moved


@pytest.fixture
def outbox_held(app, monkeypatch):
    """Leave outbox rows for the test to deliver (no delivery on commit)."""
    monkeypatch.setitem(app.config, "OUTBOX_DELIVER_ON_COMMIT", False)


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on a free port, as the app's MAIL_SERVER; stop()/start()."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    for name, value in sink.config().items():
        monkeypatch.setitem(app.config, name, value)
    yield sink
    sink.stop()
