"""The pieces behind the browser fixtures: live server, scratch database, axe."""

import email
import threading
import uuid
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}
HERE = Path(__file__).parent
ARTIFACTS = HERE.parent / "artifacts"
AXE_JS = HERE / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("critical", "serious")
IMPACTS = (*BLOCKING_IMPACTS, "moderate", "minor")
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def unique_email(prefix="user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


class LiveServer(SimpleNamespace):
    """The running app: `url`, `app`, and helpers that go through its services."""

    def make_user(self, role="member", **fields):
        """Create an account; return its email, name and password as plain data."""
        fields.setdefault("email", unique_email(role))
        with self.app.app_context():
            user = factories.make_user(role=role, **fields)
            return SimpleNamespace(
                email=user.email, name=user.name, password=factories.PASSWORD
            )

    def mail_to(self, address) -> list[str]:
        """The text of the e-mails sent to an address so far, oldest first."""
        folder = Path(self.app.config["MAIL_OUTBOX"])
        messages = [
            email.message_from_bytes(path.read_bytes())
            for path in sorted(folder.iterdir())
        ]
        return [
            m.get_payload(decode=True).decode() for m in messages if m["To"] == address
        ]


def start_server(app) -> tuple[str, callable]:
    """Serve the app under waitress on a free port; return its URL and a stopper."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, stop), daemon=True)
    thread.start()

    def shut_down():
        stop.set()
        thread.join(timeout=10)

    return f"http://127.0.0.1:{server.effective_port}", shut_down


def _serve(server, stop: threading.Event) -> None:
    """Run waitress's loop in this thread until told to stop, then close it here."""
    from waitress import wasyncore

    while not stop.is_set():
        wasyncore.loop(timeout=0.05, map=server._map, count=1)
    server.task_dispatcher.shutdown(timeout=5)
    wasyncore.close_all(server._map)


def create_scratch_database(url: str, suffix: str) -> str:
    """Create (afresh) a MySQL database named after the one in `url` plus suffix."""
    base = make_url(url)
    scratch = base.set(database=f"{base.database}{suffix}")
    _on_server(
        base,
        f"DROP DATABASE IF EXISTS {scratch.database}",
        f"CREATE DATABASE {scratch.database} "
        "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
    )
    return scratch.render_as_string(hide_password=False)


def drop_scratch_database(url: str) -> None:
    _on_server(make_url(url), f"DROP DATABASE IF EXISTS {make_url(url).database}")


def _on_server(url, *statements) -> None:
    server = create_engine(url.set(database=""))
    with server.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    server.dispose()


def run_axe(page, scripted_copy: bool) -> list[dict]:
    """Run axe-core in the page (or in a scripted copy of it) and list violations.

    axe needs timers, which a context without JavaScript never runs; its copy
    gets the same HTML at the same URL with the page's own scripts still off.
    """
    context = None
    if scripted_copy:
        page, context = _scripted_copy(page)
    try:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        return page.evaluate(AXE_RUN)
    finally:
        if context:
            context.close()


def _scripted_copy(page):
    html = page.content()
    context = page.context.browser.new_context(viewport=page.viewport_size)
    copy = context.new_page()

    def serve(route):
        if route.request.resource_type != "document":
            return route.continue_()
        return route.fulfill(
            body=html,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "script-src 'none'"},
        )

    copy.route("**/*", serve)
    copy.goto(page.url)
    return copy, context


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [
        f"  [{v['impact']}] {v['id']}: {v['help']} at {v['targets']}"
        for v in violations
    ]
    return f"axe on {url}:\n" + "\n".join(lines)


def axe_summary(runs: list[dict]) -> str:
    """One line for the terminal: pages checked and violations by impact."""
    counts = dict.fromkeys(IMPACTS, 0)
    for run in runs:
        for violation in run["violations"]:
            counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    pages = len({(r["page"], r["width"]) for r in runs})
    by_impact = ", ".join(f"{impact} {n}" for impact, n in counts.items())
    return (
        f"axe-core: {len(runs)} checks of {pages} page/width pairs; "
        f"violations by impact: {by_impact}"
    )
