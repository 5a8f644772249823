"""The link checker against a local HTTP server (never the internet)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from myapp.directory.linkcheck import results as link_results
from myapp.directory.linkcheck.checker import HostGate
from myapp.directory.listings import review
from myapp.directory.models import Listing
from myapp.extensions import db
from tests.factories import make_listing

SEEN: list[tuple[str, str, float]] = []  # (path, user agent, time)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        SEEN.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        route = {
            "/ok": (200, "<html><body>Hello</body></html>"),
            "/down": (500, "oops"),
            "/gone": (404, "no"),
            "/backlink": (
                200,
                '<p>Listed on <a href="http://localhost/">Linchpin</a></p>',
            ),
            "/relative": (200, '<a href="/about">About us</a>'),
        }
        if self.path == "/slow":
            time.sleep(1.5)
            return self._send(200, "late")
        if self.path == "/redirect":
            return self._send(301, "", {"Location": "/ok"})
        if self.path == "/loop":
            return self._send(302, "", {"Location": "/loop"})
        self._send(*route.get(self.path, (404, "no")))

    def _send(self, status, body, headers=None):
        data = body.encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(app, monkeypatch):
    """A local web server; its address, e.g. http://127.0.0.1:41234."""
    SEEN.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app.config, "LINKCHECK_TIMEOUT", 0.4)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def listing_at(url, plan="standard"):
    return make_listing(url=url, plan=plan)


def check(*listings):
    tally = link_results.check_links()
    for listing in listings:
        db.session.refresh(listing)
    return tally


def test_a_working_site_is_ok(site):
    listing = listing_at(f"{site}/ok")
    tally = check(listing)
    assert (listing.link_status, listing.link_failures) == ("ok", 0)
    assert listing.link_checked_at is not None and listing.backlink_ok is None
    assert tally["ok"] == 1 and tally["checked"] == 1
    assert SEEN[0][1].startswith("LinchpinLinkChecker/1.0 (+http://localhost)")


def test_a_server_error_is_a_strike(site):
    listing = listing_at(f"{site}/down")
    check(listing)
    assert (listing.link_status, listing.link_failures) == ("failing", 1)
    assert listing.link_error == "HTTP 500"


def test_a_timeout_is_a_strike(site):
    listing = listing_at(f"{site}/slow")
    started = time.monotonic()
    check(listing)
    assert time.monotonic() - started < 1.4
    assert listing.link_failures == 1
    assert listing.link_error.startswith(f"{site}/slow did not answer within ")


def test_a_refused_connection_is_a_strike(site):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    listing = listing_at(f"http://127.0.0.1:{port}/")
    check(listing)
    assert listing.link_status == "failing"
    # Said in words: what was tried and what failed, no exception class names.
    assert listing.link_error == (
        "could not connect to 127.0.0.1 (no such name, or nothing answering)"
    )


def test_a_redirect_to_a_working_page_is_ok_and_noted(site):
    listing = listing_at(f"{site}/redirect")
    check(listing)
    assert listing.link_status == "ok"
    assert listing.link_error == f"redirects to {site}/ok"


def test_a_redirect_loop_is_a_strike(site):
    listing = listing_at(f"{site}/loop")
    check(listing)
    assert listing.link_error == "too many redirects"


def test_three_failures_in_a_row_make_a_link_broken_and_one_success_clears_it(
    site, app
):
    listing = listing_at(f"{site}/gone")
    for expected in ("failing", "failing", "broken"):
        check(listing)
        assert listing.link_status == expected
    assert listing.link_failures == 3
    assert [x.id for x in review.broken_listings()] == [listing.id]
    assert review.count_broken() == 1
    listing.url = f"{site}/ok"
    db.session.commit()
    check(listing)
    assert (listing.link_status, listing.link_failures) == ("ok", 0)
    assert review.count_broken() == 0


def test_a_success_between_failures_resets_the_count(site):
    listing = listing_at(f"{site}/down")
    check(listing)
    check(listing)
    listing.url = f"{site}/ok"
    db.session.commit()
    check(listing)
    listing.url = f"{site}/down"
    db.session.commit()
    check(listing)
    assert (listing.link_status, listing.link_failures) == ("failing", 1)


def test_missing_backlink_is_reported_where_the_plan_requires_one(site):
    without = listing_at(f"{site}/ok", plan="free")  # free plans need a backlink
    relative = listing_at(f"{site}/relative", plan="free")
    with_link = listing_at(f"{site}/backlink", plan="free")
    tally = check(without, relative, with_link)
    assert (without.backlink_ok, relative.backlink_ok, with_link.backlink_ok) == (
        False,
        False,
        True,
    )
    assert without.link_status == "ok"  # the site works; the backlink is missing
    assert tally["backlink_missing"] == 2
    assert {x.id for x in review.broken_listings()} == {without.id, relative.id}


def test_only_live_listings_are_checked(site):
    listing_at(f"{site}/ok")
    make_listing(url=f"{site}/down", status="pending")
    make_listing(url=f"{site}/gone", status="suspended")
    assert link_results.check_links()["checked"] == 1
    assert [path for path, *_ in SEEN] == ["/ok"]


def test_private_addresses_are_refused_unless_allowed(site, app, monkeypatch):
    listing = listing_at(f"{site}/ok")
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_PRIVATE", False)
    check(listing)
    assert listing.link_error == "points to a private address" and SEEN == []


def test_requests_to_one_host_are_spaced_out():
    gate, times = HostGate(delay=0.15), []

    def visit():
        with gate.slot("example.test"):
            times.append(time.monotonic())

    threads = [threading.Thread(target=visit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gaps = [b - a for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    assert all(gap >= 0.14 for gap in gaps), gaps


def test_check_links_command_shows_a_summary(site, runner):
    listing_at(f"{site}/ok")
    listing_at(f"{site}/down")
    result = runner.invoke(args=["directory", "check-links"])
    assert result.exit_code == 0, result.output
    assert "Checked 2: 1 ok, 1 failing, 0 broken" in result.output
    statuses = db.session.scalars(select(Listing.link_status).order_by(Listing.id))
    assert list(statuses) == ["ok", "failing"]


def test_check_links_command_with_nothing_to_check(runner):
    result = runner.invoke(args=["directory", "check-links"])
    assert result.exit_code == 0 and "No live listings" in result.output
