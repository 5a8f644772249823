"""A pretend internet on 127.0.0.1: a DNS server and one web server for many hosts.

Made-up host names (bakery-one.com, …) are answered by the test DNS server
with 127.0.0.1, and the app resolves them through it (the outbound resolver);
the web server answers by Host header and path. A guard fails any attempt to
connect to an address that is not loopback.
"""

import ipaddress
import socket

import pytest

from myapp import nameservice
from tests.dns_server import DnsServer
from tests.http_receiver import Receiver


class Web:
    """pages[(host, path)] = (status, headers, body); others answer 404."""

    def __init__(self):
        self.pages: dict = {}
        self.receiver = Receiver(answer=self.answer)

    def answer(self, got):
        host = got.headers.get("host", "").split(":")[0].lower()
        status, headers, body = self.pages.get((host, got.path), (404, {}, b"not here"))
        if isinstance(body, str):
            body = body.encode()
        return status, {"Content-Type": "text/html; charset=utf-8", **headers}, body

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.receiver.port}{path}"

    def page(self, host, path="/", body="<html><body>Hi</body></html>", **kw):
        self.pages[(host, path)] = (kw.get("status", 200), kw.get("headers", {}), body)


class Net:
    def __init__(self, dns: DnsServer, web: Web):
        self.dns, self.web = dns, web

    def host(self, name: str) -> str:
        """Make `name` resolve to 127.0.0.1; its site's base URL."""
        self.dns.records[(name, "A")] = ["127.0.0.1"]
        return self.web.url(name)

    def txt(self, name: str, *values: str) -> None:
        self.dns.records[(name, "TXT")] = list(values)


def guard_loopback(monkeypatch) -> None:
    """Fail any connection to an address that is not loopback."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"tried to connect to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture
def net(app, monkeypatch):
    """The DNS server as DNS_NAMESERVER and as the outbound resolver, a web server."""
    guard_loopback(monkeypatch)
    web = Web()
    with DnsServer() as dns, web.receiver:
        monkeypatch.setitem(app.config, "DNS_NAMESERVER", dns.nameserver)
        monkeypatch.setitem(
            app.extensions,
            "outbound_resolver",
            lambda host, port: nameservice.addresses(host, port, dns.nameserver),
        )
        yield Net(dns, web)
