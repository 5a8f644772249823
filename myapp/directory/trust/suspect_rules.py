"""When a listed site looks parked, hijacked or gone elsewhere (no database).

Three rules, in this order, each with the evidence an editor needs:
- parked: the final host, the domain's name servers or the page's text match
  the parking signs in parking_signs.json (a redirect to a parking service
  counts as parked, not as a redirect);
- redirect: the final URL is on another registrable domain than the listing's;
- drift: the page's text fingerprint differs from the approved one in more
  than SITE_DRIFT_MAX_BITS of its 64 bits.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from myapp.directory.trust.domains import registrable_domain
from myapp.directory.trust.fingerprint import PageLook, distance

SIGNS_FILE = Path(__file__).with_name("parking_signs.json")


@dataclass(frozen=True)
class Verdict:
    outcome: str  # ok | moved | redirect | parked | drift
    reason: str = ""

    @property
    def suspect(self) -> bool:
        return self.outcome in ("redirect", "parked", "drift")


@cache
def signs() -> dict:
    data = json.loads(SIGNS_FILE.read_text(encoding="utf-8"))
    return {key: tuple(data[key]) for key in ("hosts", "name_servers", "phrases")}


def _under(host: str, domains) -> str | None:
    host = host.lower().rstrip(".")
    return next((d for d in domains if host == d or host.endswith("." + d)), None)


def _site(url: str) -> str:
    """The registrable domain, or the bare host for addresses and local names."""
    return registrable_domain(url) or (urlsplit(url).hostname or "").lower()


def judge(
    listed_url: str,
    page: PageLook,
    baseline: str | None,
    max_bits: int,
    name_servers: list[str] = (),
) -> Verdict:
    """What the page the listing's URL led to says about the listing."""
    final_host = urlsplit(page.final_url).hostname or ""
    parking = signs()
    host = _under(final_host, parking["hosts"])
    if host:
        return Verdict("parked", f"the site leads to a parking service ({host})")
    if _site(page.final_url) != _site(listed_url):
        return Verdict("redirect", f"redirects to another domain: {final_host}")
    server = next(
        (ns for ns in name_servers if _under(ns, parking["name_servers"])), None
    )
    if server:
        return Verdict("parked", f"the domain's name server is {server}")
    words = f"{page.title.lower()} {page.text}"
    phrase = next((p for p in parking["phrases"] if p in words), None)
    if phrase:
        return Verdict("parked", f"the page says “{phrase}”")
    if baseline:
        bits = distance(baseline, page.fingerprint)
        if bits > max_bits:
            return Verdict(
                "drift",
                f"the text changed: {bits} of 64 bits differ (limit {max_bits})",
            )
    moved = page.final_url.rstrip("/") != listed_url.rstrip("/")
    return Verdict("moved" if moved else "ok")
