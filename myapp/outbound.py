"""The one way to request a URL someone typed in: checked addresses, bounded work.

A user-given URL must not reach the machine's own network (the cloud metadata
service at 169.254.169.254, an admin port on 127.0.0.1, the intranet). The
host is resolved once; if ANY of its addresses is private, loopback,
link-local, multicast, reserved or otherwise not global, the request is
refused before a packet leaves. The connection then goes to the address that
was checked (the Host header and TLS name stay the host's), so a second DNS
answer cannot swap it (DNS rebinding). Every redirect is checked the same way.
Time (one deadline for the whole exchange), bytes read and redirects are
limited, and the User-Agent says who is calling.

OUTBOUND_ALLOW_PRIVATE=1 lifts the address rule (tests and development only;
`flask check-deploy` fails on it in production). OUTBOUND_ALLOW_NETWORKS
allows named networks only, e.g. "10.1.2.0/24" for an intranet receiver.

Every request to a listed site (link checks, backlinks, claim checks) and
every webhook comes through here. The resolver is injectable: per call
(`resolver=`), or for the whole app in `app.extensions["outbound_resolver"]`
(tests point made-up host names at 127.0.0.1 that way).
"""

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from flask import current_app, has_app_context

REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 16384
# Headers that must not follow a redirect to another host.
PRIVATE_HEADERS = {"authorization", "cookie", "linchpin-signature"}

Resolver = Callable[[str, int], list[str]]


class OutboundError(Exception):
    """The request could not be made or finished; the message says why."""


class BlockedAddress(OutboundError):
    """The host resolves to an address a user-given URL may not reach."""


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0
    max_bytes: int = 65536
    max_redirects: int = 3
    allow_private: bool = False
    allow_networks: tuple = ()
    user_agent: str = "Linchpin/1.0"
    resolver: Resolver | None = None
    tls: ssl.SSLContext | None = None  # default: the system's trusted CAs

    @classmethod
    def from_config(cls, **overrides) -> "Policy":
        """The policy the app's settings give, with per-call overrides."""
        if not has_app_context():
            return cls(**overrides)
        config = current_app.config
        site = config["SITE_URL"].rstrip("/")
        values = {
            "timeout": config["OUTBOUND_TIMEOUT"],
            "max_bytes": config["OUTBOUND_MAX_BYTES"],
            "max_redirects": config["OUTBOUND_MAX_REDIRECTS"],
            "allow_private": bool(config["OUTBOUND_ALLOW_PRIVATE"]),
            "allow_networks": parse_networks(config["OUTBOUND_ALLOW_NETWORKS"]),
            "user_agent": f"Linchpin/1.0 (+{site})",
            "resolver": current_app.extensions.get("outbound_resolver"),
        }
        return cls(**{**values, **overrides})


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names
    body: bytes
    url: str  # after redirects
    elapsed: float
    truncated: bool = False
    redirects: list = field(default_factory=list)

    def text(self, limit: int = 500) -> str:
        return self.body[:limit].decode("utf-8", "replace")


def parse_networks(value: str | None) -> tuple:
    """'10.0.0.0/8, ::1/128' -> networks (a bad entry is a startup error)."""
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    return tuple(ipaddress.ip_network(p, strict=False) for p in parts)


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_forbidden(address: str) -> bool:
    """True for every address a user-given URL must not reach."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:10.0.0.1 is 10.0.0.1
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # shared address space, documentation ranges …
    )


def checked_address(host: str, port: int, policy: Policy) -> str:
    """Resolve `host` once and return an address it may connect to, or raise."""
    resolver = policy.resolver or system_resolver
    try:
        addresses = resolver(host, port)
    except OSError as exc:
        raise OutboundError(f"Cannot resolve {host}: {exc}") from exc
    if not addresses:
        raise OutboundError(f"Cannot resolve {host}: no address")
    if policy.allow_private:
        return addresses[0]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        allowed = any(ip in network for network in policy.allow_networks)
        if is_forbidden(address) and not allowed:
            raise BlockedAddress(
                f"{host} resolves to {address}, which is not a public address."
            )
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connect to the checked address, not to whatever the host resolves to now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same, with the certificate checked against the host's name."""

    def __init__(self, host, port, address, timeout, context=None):
        context = context or ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=context)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise OutboundError("Only http:// and https:// addresses can be requested.")
    if not parts.hostname:
        raise OutboundError("The address has no host.")
    if parts.username or parts.password:
        raise OutboundError("Addresses with a user name or password are refused.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise OutboundError("The address has an invalid port.") from exc
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, target


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OutboundError("Timed out.")
    return left


def _exchange(method, url, body, headers, policy, deadline) -> tuple:
    scheme, host, port, target = _split(url)
    address = checked_address(host, port, policy)
    if scheme == "https":
        conn = _PinnedHTTPS(host, port, address, _remaining(deadline), policy.tls)
    else:
        conn = _PinnedHTTP(host, port, address, _remaining(deadline))
    try:
        conn.request(method, target, body=body, headers=headers)
        sock = conn.sock  # getresponse() may drop conn.sock; the reads still use it
        sock.settimeout(_remaining(deadline))
        response = conn.getresponse()
        chunks, size = [], 0
        while size <= policy.max_bytes and not response.isclosed():
            sock.settimeout(_remaining(deadline))
            chunk = response.read(min(CHUNK, policy.max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        heads = {k.lower(): v for k, v in response.getheaders()}
        return response.status, heads, data[: policy.max_bytes], size > policy.max_bytes
    except (OSError, http.client.HTTPException) as exc:
        raise OutboundError(f"{exc.__class__.__name__}: {exc}") from exc
    finally:
        conn.close()


def request(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict | None = None,
    **overrides,
) -> Response:
    """Make one request under the outbound rules; raise OutboundError if refused.

    `overrides` are Policy fields (timeout, max_redirects, resolver …).
    Any HTTP status is a Response; refusals, timeouts and network errors raise.
    """
    policy = Policy.from_config(**overrides)
    started = time.monotonic()
    deadline = started + policy.timeout
    send = {"User-Agent": policy.user_agent, **(headers or {})}
    redirects: list[str] = []
    while True:
        status, heads, data, truncated = _exchange(
            method, url, body, send, policy, deadline
        )
        location = heads.get("location")
        if status not in REDIRECTS or not location or policy.max_redirects == 0:
            return Response(
                status,
                heads,
                data,
                url,
                time.monotonic() - started,
                truncated,
                redirects,
            )
        if len(redirects) >= policy.max_redirects:
            raise OutboundError(f"More than {policy.max_redirects} redirects.")
        target = urljoin(url, location)
        if urlsplit(target).hostname != urlsplit(url).hostname:
            send = {k: v for k, v in send.items() if k.lower() not in PRIVATE_HEADERS}
        if status == 303 or (status in (301, 302) and method != "HEAD"):
            method, body = ("GET" if method != "HEAD" else "HEAD"), None
            send = {k: v for k, v in send.items() if k.lower() != "content-type"}
        redirects.append(target)
        url = target
