"""The outbound rules: checked addresses, pinned connections, bounded requests.

Refusals are tested on resolved addresses from a stub resolver, with a guard
that fails the test if anything tries to connect anywhere but loopback: no
packet leaves the machine. End to end only with servers on 127.0.0.1 / [::1].
"""

import ipaddress
import socket
import time

import pytest

from myapp import outbound
from tests.http_receiver import Receiver

LOOPBACK = ["127.0.0.1/32", "::1/128"]


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail on any connection to a non-loopback address (and count them)."""
    real = socket.create_connection
    attempts = []

    def guarded(address, *args, **kwargs):
        attempts.append(address[0])
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"tried to connect to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


def stub(answers: dict):
    calls = []

    def resolve(host, port):
        calls.append(host)
        if host in answers:
            return answers[host]
        return [host]  # an address literal resolves to itself

    resolve.calls = calls
    return resolve


def strict(**overrides):
    """The production rule: no private addresses, only the networks named."""
    return {"allow_private": False, **overrides}


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:169.254.169.254",
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_refused_before_connecting(
    app, address, loopback_only
):
    resolver = stub({"hooks.example.com": [address]})
    with pytest.raises(outbound.BlockedAddress, match=address):
        outbound.request(
            "POST", "http://hooks.example.com/in", b"{}", **strict(resolver=resolver)
        )
    assert resolver.calls == ["hooks.example.com"]
    assert loopback_only == []


def test_one_private_address_among_public_ones_is_refused(app, loopback_only):
    resolver = stub({"mixed.example.com": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(outbound.BlockedAddress, match="10.0.0.1"):
        outbound.request(
            "GET", "https://mixed.example.com/", **strict(resolver=resolver)
        )
    assert loopback_only == []


def test_public_addresses_pass_the_rule():
    policy = outbound.Policy(resolver=stub({"a.example": ["93.184.216.34"]}))
    assert outbound.checked_address("a.example", 443, policy) == "93.184.216.34"
    assert not outbound.is_forbidden("2606:2800:220:1:248:1893:25c8:1946")


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "http:///x", "http://u:p@a.example/"],
)
def test_other_schemes_and_credentials_are_refused(app, url):
    with pytest.raises(outbound.OutboundError):
        outbound.request("GET", url, **strict())


def test_loopback_server_is_refused_by_default_and_never_hit(app):
    with Receiver() as receiver, pytest.raises(outbound.BlockedAddress):
        outbound.request("GET", receiver.url + "/", **strict())
    assert receiver.requests == []


def test_request_reaches_loopback_servers_when_allowed(app):
    for host in ("127.0.0.1", "::1"):
        with Receiver(host=host) as receiver:
            response = outbound.request("POST", receiver.url + "/in?x=1", b"hello")
        assert (response.status, response.body) == (200, b"answer 200")
        got = receiver.requests[0]
        assert (got.method, got.path, got.body) == ("POST", "/in?x=1", b"hello")
        assert got.headers["user-agent"] == "Linchpin/1.0 (+http://localhost)"


def test_connects_to_the_checked_address_with_the_hosts_name(app, loopback_only):
    with Receiver() as receiver:
        resolver = stub({"receiver.test": ["127.0.0.1"]})
        url = f"http://receiver.test:{receiver.port}/hook"
        response = outbound.request(
            "GET", url, **strict(resolver=resolver, allow_networks=_nets())
        )
    assert response.status == 200
    assert receiver.requests[0].headers["host"] == f"receiver.test:{receiver.port}"
    assert resolver.calls == ["receiver.test"]  # resolved once, no second lookup
    assert loopback_only == ["127.0.0.1"]


def _nets():
    return outbound.parse_networks(",".join(LOOPBACK))


def _redirect_to(target):
    return lambda got: (302, {"Location": target}, b"")


def test_every_redirect_is_checked(app, loopback_only):
    metadata = "http://metadata.test/latest/meta-data/"
    resolver = stub({"metadata.test": ["169.254.169.254"]})
    refused = pytest.raises(outbound.BlockedAddress, match="169.254.169.254")
    with Receiver(answer=_redirect_to(metadata)) as receiver, refused:
        rules = strict(resolver=resolver, allow_networks=_nets())
        outbound.request("GET", receiver.url + "/", **rules)
    assert len(receiver.requests) == 1
    assert loopback_only == ["127.0.0.1"]


def test_redirects_are_followed_up_to_the_limit(app):
    def answer(got):
        hops = int(got.path.strip("/") or 0)
        if hops < 2:
            return 307, {"Location": f"/{hops + 1}"}, b""
        return 200, {}, b"arrived"

    with Receiver(answer=answer) as receiver:
        response = outbound.request("POST", receiver.url + "/", b"x", max_redirects=2)
        assert response.body == b"arrived"
        assert [r.method for r in receiver.requests] == ["POST"] * 3
        with pytest.raises(outbound.OutboundError, match="More than 1 redirects"):
            outbound.request("GET", receiver.url + "/", max_redirects=1)
        not_followed = outbound.request("GET", receiver.url + "/", max_redirects=0)
        assert not_followed.status == 307


def test_signature_header_does_not_follow_to_another_host(app):
    with Receiver() as target:
        with Receiver(answer=_redirect_to(f"http://localhost:{target.port}/")) as first:
            outbound.request(
                "GET", first.url + "/", headers={"Linchpin-Signature": "t=1,v1=ab"}
            )
        assert "linchpin-signature" in first.requests[0].headers
        assert "linchpin-signature" not in target.requests[0].headers


def test_bytes_read_are_limited(app):
    big = b"x" * 1_000_000
    with Receiver(answer=lambda got: (200, {}, big)) as receiver:
        response = outbound.request("GET", receiver.url + "/", max_bytes=1000)
    assert len(response.body) == 1000
    assert response.truncated


def test_one_deadline_covers_the_whole_exchange(app):
    def slow(got):
        time.sleep(1.5)
        return 200, {}, b"late"

    with Receiver(answer=slow) as receiver:
        started = time.monotonic()
        with pytest.raises(outbound.OutboundError, match="timed out|Timed out"):
            outbound.request("GET", receiver.url + "/", timeout=0.3)
        assert time.monotonic() - started < 1.0


def test_unresolvable_host_is_an_outbound_error(app):
    def fail(host, port):
        raise socket.gaierror("Name or service not known")

    with pytest.raises(outbound.OutboundError, match="Cannot resolve"):
        outbound.request("GET", "http://nowhere.invalid/", **strict(resolver=fail))


def test_check_deploy_refuses_private_addresses_in_production(app, monkeypatch):
    from myapp.ops.checks import _outbound

    monkeypatch.setitem(app.config, "LINCHPIN_ENV", "production")
    assert _outbound(app.config).level == "fail"
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_PRIVATE", False)
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_NETWORKS", "10.1.2.0/24")
    check = _outbound(app.config)
    assert check.level == "ok" and "10.1.2.0/24" in check.detail


def _tls_pair(tmp_path, name):
    """A self-signed certificate for `name`: (server context, client context)."""
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}"]
        + ["-addext", f"subjectAltName=DNS:{name}"],
        check=True,
        capture_output=True,
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


def test_https_goes_to_the_checked_address_and_checks_the_hosts_name(app, tmp_path):
    server_tls, client_tls = _tls_pair(tmp_path, "receiver.test")
    with Receiver() as receiver:
        receiver.server.socket = server_tls.wrap_socket(
            receiver.server.socket, server_side=True
        )
        rules = strict(
            resolver=stub(
                {"receiver.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]}
            ),
            allow_networks=_nets(),
            tls=client_tls,
        )
        url = f"https://receiver.test:{receiver.port}/secure"
        response = outbound.request("POST", url, b"{}", **rules)
        assert response.status == 200 and receiver.requests[0].path == "/secure"
        with pytest.raises(outbound.OutboundError, match="CERTIFICATE_VERIFY_FAILED"):
            outbound.request("GET", f"https://other.test:{receiver.port}/", **rules)
