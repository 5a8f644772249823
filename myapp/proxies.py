"""Trust X-Forwarded-For/-Proto from exactly the proxies in TRUSTED_PROXIES.

The decision is the app's, whatever server runs it: a request whose peer is
a trusted proxy gets its client address (the nearest untrusted hop in
X-Forwarded-For) and scheme from those headers; from anyone else the headers
are deleted, so a client cannot forge its address to escape rate limits.
The server must pass the headers through (`myapp.server.serve` does;
`waitress-serve` needs `--no-clear-untrusted-proxy-headers`).
"""

import functools
import ipaddress
import logging

log = logging.getLogger(__name__)
# Read from a trusted proxy, then dropped: nothing after this layer reads them.
FORWARDED = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_FORWARDED",
)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(setting: str) -> list[Network]:
    """`127.0.0.1, 10.0.0.0/24, ::1` -> networks; refuse anything else at start."""
    networks = []
    for part in (setting or "").replace(";", ",").split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError as exc:
                raise RuntimeError(f"TRUSTED_PROXIES: {part.strip()!r}: {exc}") from exc
    return networks


@functools.lru_cache(maxsize=4096)  # the same few addresses, request after request
def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


class TrustedProxies:
    """WSGI middleware: resolve the client address and scheme through proxies."""

    def __init__(self, app, networks: list[Network]):
        self.app = app
        self.networks = networks
        self._warned = False

    def trusted(self, address) -> bool:
        return address is not None and any(address in n for n in self.networks)

    def __call__(self, environ, start_response):
        peer = _address(environ.get("REMOTE_ADDR", ""))
        if self.trusted(peer):
            self._resolve(environ)
        for key in FORWARDED:
            environ.pop(key, None)
        return self.app(environ, start_response)

    def _resolve(self, environ) -> None:
        hops = environ.get("HTTP_X_FORWARDED_FOR", "")
        if not hops and not self._warned:
            self._warned = True
            log.warning(
                "A request from trusted proxy %s came without X-Forwarded-For: "
                "does the proxy set it, or does the server delete it?",
                environ.get("REMOTE_ADDR"),
            )
        for hop in reversed([h for h in hops.split(",") if h.strip()]):
            address = _address(hop)
            if address is None:
                break  # garbage: stop at the last address we could trust
            environ["REMOTE_ADDR"] = str(address)
            if not self.trusted(address):
                break
        proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip()
        if proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto


def init_app(app) -> None:
    networks = parse_networks(app.config["TRUSTED_PROXIES"])
    app.wsgi_app = TrustedProxies(app.wsgi_app, networks)
