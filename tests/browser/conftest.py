"""Browser tests: Linchpin live under waitress, driven by Debian's Chromium."""

import json
import os
import re
import weakref
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from browser_support import (
    ARTIFACTS,
    BLOCKING_IMPACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEVICES,
    LiveServer,
    axe_summary,
    create_scratch_database,
    describe_violations,
    drop_scratch_database,
    run_axe,
    start_server,
)
from flow_support import seed_content, start_target_site

NO_SCRIPT_CONTEXTS = weakref.WeakSet()
SESSION = {"axe": [], "outcomes": [], "seconds": 0.0}


def pytest_runtest_setup(item):
    """Skip browser tests without Chromium, unless CI insists that they run."""
    if item.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        if os.environ.get("LINCHPIN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LINCHPIN_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


def pytest_runtest_logreport(report):
    # Setup and teardown count too: they start and stop the server and browser.
    SESSION["seconds"] += report.duration
    if report.when == "call" or report.outcome != "passed":
        SESSION["outcomes"].append(report.outcome)


def pytest_terminal_summary(terminalreporter):
    """Counts, time and axe results of the browser tests, for CI logs."""
    if not SESSION["outcomes"]:
        return
    outcomes = SESSION["outcomes"]
    terminalreporter.section("browser tests")
    terminalreporter.write_line(
        f"{outcomes.count('passed')} browser tests passed, "
        f"{outcomes.count('failed')} not passed, {outcomes.count('skipped')} skipped "
        f"({SESSION['seconds']:.1f} s); screenshots in {os.path.relpath(ARTIFACTS)}"
    )
    if SESSION["axe"]:
        terminalreporter.write_line(axe_summary(SESSION["axe"]))
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-results.json").write_text(
            json.dumps(SESSION["axe"], indent=2)
        )


@pytest.fixture(autouse=True)
def db():
    """Browser tests use the live server's database, not the unit tests' one."""


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory):
    """A temp SQLite file, or a scratch MariaDB database next to TEST_DATABASE_URL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('live')}/linchpin.db"
        return
    scratch = create_scratch_database(url, "_live")
    yield scratch
    drop_scratch_database(scratch)


@pytest.fixture(scope="session")
def live_server(live_database_url, tmp_path_factory):
    """The app under waitress on a free port, CSRF on, tables made, demo admin."""
    from myapp import create_app
    from myapp.cli import ensure_demo_admin
    from myapp.extensions import db

    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": live_database_url,
            "WTF_CSRF_ENABLED": True,
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("live-outbox")),
            "MEDIA_STORAGE_URL": str(tmp_path_factory.mktemp("live-media")),
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        ensure_demo_admin()
        db.session.remove()
    url, shut_down = start_server(app)
    app.config["SITE_URL"] = url
    yield LiveServer(app=app, url=url)
    shut_down()
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(device, javascript=True): a page in a fresh context (no cookies)."""
    contexts, problems = [], []

    def open_page(device="desktop", javascript=True):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            locale="en-GB",
            **DEVICES[device],
        )
        context.set_default_timeout(5_000)
        contexts.append(context)
        if not javascript:
            NO_SCRIPT_CONTEXTS.add(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("console", lambda msg: _console_problem(msg, problems))
        page.on("response", lambda resp: _subresource_problem(resp, problems))
        return page

    yield open_page
    for context in contexts:
        context.close()
    # CSP refusals, script errors and missing styles or images fail the test.
    assert not problems, "\n".join(problems)


def _console_problem(message, problems: list) -> None:
    # HTTP errors are judged by _subresource_problem: a 422 page is no error.
    if message.type == "error" and not message.text.startswith("Failed to load"):
        problems.append(f"console: {message.text}")


def _subresource_problem(response, problems: list) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        problems.append(f"{response.status} for {response.url}")


@pytest.fixture
def desktop_page(new_page):
    return new_page("desktop")


@pytest.fixture
def phone_page(new_page):
    return new_page("phone")


@pytest.fixture
def nojs_page(new_page):
    return new_page("desktop", javascript=False)


@pytest.fixture(params=sorted(DEVICES))
def device_page(request, new_page):
    """The same test once on a 1280 px desktop and once on a 390 px phone."""
    return new_page(request.param)


@pytest.fixture
def sign_in():
    """sign_in(page, email, password, remember=False) through the real form."""

    def submit(page, email, password, remember=False):
        page.goto("/auth/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label(re.compile("^Password")).fill(password)
        if remember:
            page.get_by_label("Remember me on this device").check()
        page.get_by_role("button", name="Sign in").click()

    return submit


@pytest.fixture
def screenshot(request):
    """screenshot(page, name): a full-page PNG at tests/artifacts/<name>-<width>.png."""

    def take(page, name=None):
        name = name or request.node.originalname.removeprefix("test_")
        path = ARTIFACTS / f"{name}-{page.viewport_size['width']}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


def assert_accessible(page, record=True):
    """axe-core finds no serious or critical violation in the page as it is now."""
    violations = run_axe(page, scripted_copy=page.context in NO_SCRIPT_CONTEXTS)
    if record:
        path = re.sub(r"/[\w.-]{32,}", "/<token>", urlsplit(page.url).path)
        width = page.viewport_size["width"]
        SESSION["axe"].append({"page": path, "width": width, "violations": violations})
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe_violations(page.url, blocking)


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    """assert_accessible(page): see the function of that name."""
    return assert_accessible


def assert_fits_width(page):
    """Nothing pushes the page sideways (phones zoom out when something does)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.fixture
def check_page(screenshot):
    """check_page(page, name): axe it, check it fits its width, keep a screenshot."""

    def check(page, name):
        assert_accessible(page)
        assert_fits_width(page)
        return screenshot(page, name)

    return check


@pytest.fixture(scope="session")
def flow(live_server):
    """Seeded articles and directory, a local site to link to; no reply wait time."""
    config = live_server.app.config
    min_seconds, config["COMMENT_MIN_SECONDS"] = config["COMMENT_MIN_SECONDS"], 0
    target, server = start_target_site()
    yield SimpleNamespace(content=seed_content(live_server.app), target=target)
    server.shutdown()
    server.server_close()
    config["COMMENT_MIN_SECONDS"] = min_seconds
