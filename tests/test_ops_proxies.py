"""TRUSTED_PROXIES: forwarded headers from exactly the configured proxies count.

The same behind a real nginx: tests/stress/test_behind_nginx.py.
"""

import pytest
from flask import Flask, request

from myapp.proxies import TrustedProxies, parse_networks
from myapp.request_log import RequestLog, format_line


def echo_app(networks: str) -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def whoami():
        return {
            "addr": request.remote_addr,
            "scheme": request.scheme,
            "forwarded": request.headers.get("X-Forwarded-For"),
        }

    app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(networks))
    return app


def ask(app, peer: str, **headers) -> dict:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    return client.get("/", headers=headers).get_json()


def test_a_trusted_proxy_gives_the_client_address_and_scheme():
    app = echo_app("127.0.0.1")
    seen = ask(
        app,
        "127.0.0.1",
        **{"X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https"},
    )
    assert seen == {"addr": "198.51.100.4", "scheme": "https", "forwarded": None}


def test_forged_headers_from_anyone_else_are_dropped():
    app = echo_app("127.0.0.1")
    seen = ask(
        app,
        "203.0.113.7",
        **{"X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https"},
    )
    assert seen == {"addr": "203.0.113.7", "scheme": "http", "forwarded": None}


def test_no_setting_trusts_nobody():
    seen = ask(echo_app(""), "127.0.0.1", **{"X-Forwarded-For": "198.51.100.4"})
    assert seen["addr"] == "127.0.0.1"


def test_a_chain_stops_at_the_first_untrusted_hop():
    # client -> balancer 10.0.0.5 -> nginx 127.0.0.1 -> app; the client forged a hop.
    app = echo_app("127.0.0.1, 10.0.0.0/24")
    chain = "6.6.6.6, 198.51.100.4, 10.0.0.5"
    assert ask(app, "127.0.0.1", **{"X-Forwarded-For": chain})["addr"] == "198.51.100.4"


def test_garbage_in_the_chain_is_not_taken_as_an_address():
    app = echo_app("127.0.0.1")
    assert (
        ask(app, "127.0.0.1", **{"X-Forwarded-For": "nonsense"})["addr"] == "127.0.0.1"
    )


def test_a_bad_setting_stops_the_start():
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        parse_networks("127.0.0.1, nginx.internal")


def test_the_request_log_line_is_combined_format_plus_time_and_id(caplog):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/search",
        "QUERY_STRING": "q=a",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.4",
        "HTTP_USER_AGENT": 'curl "8"',
    }
    line = format_line(environ, "200 OK", [("X-Request-ID", "abc12345")], 512, 0.0042)
    addr, _, _, stamp, rest = line.split(" ", 4)
    assert addr == "198.51.100.4" and stamp.startswith("[")
    assert rest.endswith(
        ' "GET /search?q=a HTTP/1.1" 200 512 "-" "curl \\x228\\x22" 0.004 abc12345'
    )


def test_the_request_log_writes_one_line_per_request_with_the_resolved_client():
    app = Flask(__name__)

    @app.get("/")
    def index():
        return "hi", 200, {"X-Request-ID": "rid-0001"}

    lines = []
    app.wsgi_app = TrustedProxies(
        RequestLog(app.wsgi_app, lines.append), parse_networks("127.0.0.1")
    )
    client = app.test_client()
    client.get("/", headers={"X-Forwarded-For": "198.51.100.4"}).close()
    assert len(lines) == 1
    assert lines[0].startswith("198.51.100.4 - - [")
    assert '"GET / HTTP/1.1" 200 2 "-"' in lines[0] and lines[0].endswith(" rid-0001")


def test_lines_from_many_threads_are_all_written_in_batches(tmp_path):
    import threading

    from myapp.request_log import LineWriter

    path = tmp_path / "requests.log"
    with open(path, "w", encoding="utf-8") as stream:
        writer = LineWriter(stream)
        threads = [
            threading.Thread(
                target=lambda n=n: [writer.put(f"{n} {i}") for i in range(500)]
            )
            for n in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        writer.stop()  # as at exit: everything queued is written first
    lines = path.read_text().splitlines()
    assert sorted(lines) == sorted(f"{n} {i}" for n in range(8) for i in range(500))
    for n in range(8):  # each thread's lines in the order it put them
        mine = [int(line.split()[1]) for line in lines if line.startswith(f"{n} ")]
        assert mine == sorted(mine)


def test_the_app_logs_requests_only_when_asked(app):
    assert app.config["REQUEST_LOG"] == ""  # tests: off
    assert not isinstance(app.wsgi_app.app, RequestLog)


def test_listening_beyond_loopback_warns_of_the_firewall():
    from myapp.server import bind_warning

    assert bind_warning("127.0.0.1") is None and bind_warning("::1") is None
    assert "firewall" in bind_warning("0.0.0.0")
    assert "firewall" in bind_warning("10.0.0.11")


def test_a_log_that_cannot_be_written_does_not_stop_the_writer(capsys):
    import threading

    from myapp.request_log import LineWriter

    class FullDisk:
        """Refuses the first write, takes the next ones."""

        def __init__(self):
            self.refused, self.written = threading.Event(), []

        def write(self, text):
            if not self.refused.is_set():
                self.refused.set()
                raise OSError(28, "No space left on device")
            self.written.append(text)

        def flush(self):
            pass

    stream = FullDisk()
    writer = LineWriter(stream)
    writer.put("lost to the full disk")
    assert stream.refused.wait(5)
    writer.put("written once there is room")
    writer.stop()
    assert stream.written == ["written once there is room\n"]
    assert "1 lines lost" in capsys.readouterr().err
