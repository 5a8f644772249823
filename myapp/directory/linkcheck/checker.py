"""The link checker behind `flask directory check-links`.

Worker threads only talk HTTP (a thread pool, a timeout per request, one
request at a time per host with a pause between, a User-Agent that says who
we are); the calling thread writes the results. Three failures in a row mark
a listing "broken"; one success clears the count. Where the plan requires a
backlink, the page must link to SITE_URL.
"""

import ipaddress
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

MAX_REDIRECTS = 5
MAX_BODY = 1024 * 1024  # enough of a page to find a backlink


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


@dataclass(frozen=True)
class Result:
    listing_id: int
    ok: bool
    note: str = ""
    backlink_ok: bool | None = None


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


def _is_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # let the request report the failure
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return True
    return False


def _read(response, limit: int = MAX_BODY) -> str:
    chunks, size = [], 0
    for chunk in response.iter_content(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit].decode(response.encoding or "utf-8", "replace")


def _failure(url: str, exc: Exception) -> str:
    """What was tried and what failed, in words an editor can act on."""
    host = urlsplit(url).hostname or url
    if isinstance(exc, requests.exceptions.SSLError):
        return f"{host} answered, but its security certificate is not valid"
    if isinstance(exc, requests.ConnectionError):
        return f"could not connect to {host} (no such name, or nothing answering)"
    return f"could not fetch {url}"


def check(target: Target, settings: Settings, gate: HostGate) -> Result:
    """Fetch one URL, following up to five redirects, each hop checked."""
    url = target.url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Result(target.listing_id, False, "not an http(s) address")
        if not settings.allow_private and _is_private(parts.hostname):
            return Result(target.listing_id, False, "points to a private address")
        with gate.slot(parts.hostname):
            try:
                response = requests.get(
                    url,
                    timeout=settings.timeout,
                    headers={"User-Agent": settings.user_agent},
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout:
                return Result(
                    target.listing_id,
                    False,
                    f"{url} did not answer within {settings.timeout:g} s",
                )
            except requests.RequestException as exc:
                return Result(target.listing_id, False, _failure(url, exc))
            try:
                if response.is_redirect:
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status_code >= 400:
                    return Result(
                        target.listing_id, False, f"HTTP {response.status_code}"
                    )
                body = _read(response) if target.needs_backlink else ""
            except requests.RequestException:
                return Result(target.listing_id, False, "timed out while reading")
            finally:
                response.close()
        note = f"redirects to {url}"[:300] if url != target.url else ""
        backlink = (
            links_to(body, url, settings.site_url) if target.needs_backlink else None
        )
        return Result(target.listing_id, True, note, backlink)
    return Result(target.listing_id, False, "too many redirects")


def check_all(
    targets: list[Target], settings: Settings, on_result: Callable[[Result], None]
) -> None:
    """Check every target concurrently; `on_result` runs in the calling thread."""
    gate = HostGate(settings.host_delay)
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        futures = [pool.submit(check, target, settings, gate) for target in targets]
        for future in as_completed(futures):
            on_result(future.result())
