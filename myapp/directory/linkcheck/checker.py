"""The link checker behind `flask directory check-links`.

Worker threads only talk HTTP, through `myapp/outbound.py` like every request
to a listed site (its address rule on each hop, a time and byte limit, a
User-Agent that says who we are; a thread pool, one request at a time per
host with a pause between); the calling thread writes the results. Three
failures in a row mark a listing "broken"; one success clears the count.
Where the plan requires a backlink, the page must link to SITE_URL.
"""

import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from myapp import outbound
from myapp.directory.trust.fingerprint import PageLook, look

MAX_REDIRECTS = 5
MAX_BODY = 1024 * 1024  # enough of a page to find a backlink and read its text


@dataclass(frozen=True)
class Target:
    listing_id: int
    url: str
    needs_backlink: bool


@dataclass(frozen=True)
class Settings:
    timeout: float
    workers: int
    host_delay: float
    user_agent: str
    site_url: str
    allow_private: bool
    allow_networks: tuple = ()
    resolver: outbound.Resolver | None = None  # None: the system's


@dataclass(frozen=True)
class Result:
    listing_id: int
    ok: bool
    note: str = ""
    backlink_ok: bool | None = None
    page: PageLook | None = None  # what the site showed, for the site watch


class HostGate:
    """One request at a time per host, at least `delay` seconds apart."""

    def __init__(self, delay: float):
        self.delay = delay
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    @contextmanager
    def slot(self, host: str):
        with self._guard:
            lock = self._locks[host]
        with lock:
            wait = self._last.get(host, 0.0) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(
                value for name, value in attrs if name == "href" and value
            )


def _bare_host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def links_to(html: str, base_url: str, site_url: str) -> bool:
    """Whether the page has an <a href> pointing at the site's host."""
    parser = _Anchors()
    parser.feed(html)
    site = _bare_host(site_url)
    return any(_bare_host(urljoin(base_url, href)) == site for href in parser.hrefs)


def _failure(url: str, exc: outbound.OutboundError) -> str:
    """What was tried and what failed, in words an editor can act on."""
    host = urlsplit(url).hostname or url
    cause = exc.__cause__
    if isinstance(exc, outbound.BlockedAddress):
        return "points to a private address"
    if str(exc).startswith("More than"):
        return "too many redirects"
    if str(exc).startswith("Only http"):
        return "not an http(s) address"
    if isinstance(cause, TimeoutError) or str(exc) == "Timed out.":
        return "did not answer in time"
    if isinstance(cause, ssl.SSLError):
        return f"{host} answered, but its security certificate is not valid"
    if isinstance(cause, OSError):
        return f"could not connect to {host} (no such name, or nothing answering)"
    return f"could not fetch {url}"


def check(target: Target, settings: Settings, gate: HostGate) -> Result:
    """Fetch one URL under the outbound rules (every redirect hop checked)."""
    host = urlsplit(target.url).hostname or ""
    with gate.slot(host):
        try:
            response = outbound.request(
                "GET",
                target.url,
                timeout=settings.timeout,
                max_bytes=MAX_BODY,
                max_redirects=MAX_REDIRECTS,
                allow_private=settings.allow_private,
                allow_networks=settings.allow_networks,
                user_agent=settings.user_agent,
                resolver=settings.resolver,
            )
        except outbound.OutboundError as exc:
            note = _failure(target.url, exc)
            if note == "did not answer in time":
                note = f"{target.url} did not answer within {settings.timeout:g} s"
            return Result(target.listing_id, False, note)
    if response.status >= 400:
        return Result(target.listing_id, False, f"HTTP {response.status}")
    url = response.url
    body = response.body.decode("utf-8", "replace")
    note = f"redirects to {url}"[:300] if url != target.url else ""
    backlink = links_to(body, url, settings.site_url) if target.needs_backlink else None
    return Result(target.listing_id, True, note, backlink, look(url, body))


def check_all(
    targets: list[Target], settings: Settings, on_result: Callable[[Result], None]
) -> None:
    """Check every target concurrently; `on_result` runs in the calling thread."""
    gate = HostGate(settings.host_delay)
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        futures = [pool.submit(check, target, settings, gate) for target in targets]
        for future in as_completed(futures):
            on_result(future.result())
