"""Where each claim method looks for the token (no database).

dns:  a TXT record `linchpin-verification=<token>` on the listing's host
      (without "www.") or, failing that, on its registrable domain;
meta: `<meta name="linchpin-verification" content="<token>">` on the home page;
file: the token in `/.well-known/linchpin-verification.txt`.
Every HTTP request goes through myapp/outbound.py.
"""

from urllib.parse import urlsplit

from myapp import nameservice, outbound
from myapp.directory.trust.domains import registrable_domain
from myapp.directory.trust.fingerprint import meta_content
from myapp.directory.trust.tokens import PREFIX

META_NAME = "linchpin-verification"
WELL_KNOWN = "/.well-known/linchpin-verification.txt"


class ProofUnavailable(Exception):
    """The place could not be read at all (site down, DNS failing)."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _dns(url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    names = list(dict.fromkeys([host, registrable_domain(url) or host]))
    found: list[str] = []
    for name in names:
        try:
            records = nameservice.txt_records(name)
        except nameservice.LookupFailed as exc:
            raise ProofUnavailable(str(exc)) from exc
        found += [r[len(PREFIX) :] for r in records if r.startswith(PREFIX)]
    return found


def _get(url: str) -> str:
    try:
        response = outbound.request("GET", url, max_bytes=262144)
    except outbound.OutboundError as exc:
        raise ProofUnavailable(str(exc)) from exc
    if response.status >= 500:  # not an answer either way
        raise ProofUnavailable(f"{url} answered HTTP {response.status}")
    if response.status >= 400:  # answered: nothing there
        return ""
    return response.body.decode("utf-8", "replace")


def _meta(url: str) -> list[str]:
    content = meta_content(_get(_origin(url) + "/"), META_NAME)
    return [content] if content else []


def _file(url: str) -> list[str]:
    text = _get(_origin(url) + WELL_KNOWN)
    return [line.strip() for line in text.splitlines() if line.strip()][:5]


FINDERS = {"dns": _dns, "meta": _meta, "file": _file}


def tokens_found(method: str, url: str) -> list[str]:
    """The candidate tokens published by `method` for the site at `url`."""
    return FINDERS[method](url)


def where(method: str, url: str) -> str:
    """Where the owner puts the token, in words (for the instructions)."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return {
        "dns": f"a TXT record on {host}",
        "meta": f"a meta tag on {_origin(url)}/",
        "file": f"{_origin(url)}{WELL_KNOWN}",
    }[method]
