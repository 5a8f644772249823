"""DNS look-ups (dnspython): the system resolver, or DNS_NAMESERVER=host:port.

Claims read TXT records here; the outbound rules can resolve host names here
too (`addresses`), so tests can point every name at a local DNS server and
nothing leaves the machine.
"""

import dns.exception
import dns.resolver
from flask import current_app, has_app_context

TIMEOUT = 3.0


class LookupFailed(OSError):
    """The name could not be looked up (no answer, no such name, time-out)."""


def _resolver(nameserver: str | None = None) -> dns.resolver.Resolver:
    if nameserver is None and has_app_context():
        nameserver = current_app.config.get("DNS_NAMESERVER") or ""
    if not nameserver:
        resolver = dns.resolver.Resolver()  # /etc/resolv.conf
    else:
        host, _, port = nameserver.rpartition(":")
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [host.strip("[]")]
        resolver.port = int(port)
    timeout = current_app.config["DNS_TIMEOUT"] if has_app_context() else TIMEOUT
    resolver.lifetime = resolver.timeout = timeout
    return resolver


def _answer(name: str, kind: str, nameserver: str | None):
    try:
        return _resolver(nameserver).resolve(name, kind, search=False)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.DNSException, OSError) as exc:
        raise LookupFailed(f"Cannot look up {kind} records of {name}: {exc}") from exc


def txt_records(name: str, nameserver: str | None = None) -> list[str]:
    """Every TXT string of `name` (the parts of a long record joined)."""
    return [
        b"".join(record.strings).decode("utf-8", "replace")
        for record in _answer(name, "TXT", nameserver)
    ]


def name_servers(name: str, nameserver: str | None = None) -> list[str]:
    """The NS host names of `name`, lower case, without the final dot."""
    return [
        record.target.to_text().rstrip(".").lower()
        for record in _answer(name, "NS", nameserver)
    ]


def addresses(host: str, port: int = 0, nameserver: str | None = None) -> list[str]:
    """A and AAAA addresses of `host` (an outbound resolver: (host, port) -> [ip])."""
    import ipaddress

    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    found = [
        record.address
        for kind in ("A", "AAAA")
        for record in _answer(host, kind, nameserver)
    ]
    if not found:
        raise LookupFailed(f"{host} has no address")
    return found
