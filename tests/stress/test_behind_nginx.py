"""The shipped nginx config in front of the app, clients on distinct addresses.

Clients connect from 127.0.0.2 and 127.0.0.3 (loopback source addresses), so
only TRUSTED_PROXIES tells the app who is who: one client exhausting its
sign-in limit must not limit the other, headers a client forges must not
count, TLS at nginx must give https:// links, and a Host that is not the
site's must never reach the app. Run for `python wsgi.py` (what the systemd
units start) and for `waitress-serve` as docs/deploy-single.md shows it.
"""

import email
import glob
import os
import subprocess
import time

import pytest
import requests
from multi_server import (
    PYTHON,
    ROOT,
    free_port,
    migrate,
    running_nginx,
    wait_until_up,
)
from requests.adapters import HTTPAdapter

from tests.stress.forms import TOKEN

pytestmark = pytest.mark.stress
WAITRESS_SERVE = os.path.join(ROOT, ".venv", "bin", "waitress-serve")
SERVERS = {
    "wsgi.py": lambda port: [PYTHON, "wsgi.py"],
    "waitress-serve": lambda port: [
        WAITRESS_SERVE,
        "--no-clear-untrusted-proxy-headers",
        f"--listen=127.0.0.1:{port}",
        "wsgi:app",
    ],
}


class SourceAddress(HTTPAdapter):
    """Connect from a given local address (any of 127.0.0.0/8 works on Linux)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client_from(address: str, certificate: str | None = None) -> requests.Session:
    session = requests.Session()
    adapter = SourceAddress(address)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.verify = certificate or True
    session.trust_env = False  # else REQUESTS_CA_BUNDLE replaces `verify`
    return session


def sign_in_statuses(session, base: str, attempts: int, headers=None) -> list[int]:
    token = TOKEN.search(session.get(base + "/auth/login", timeout=30).text).group(1)
    form = {"csrf_token": token, "email": "nobody@example.com", "password": "wrong"}
    return [
        session.post(
            base + "/auth/login", data=form, headers=headers or {}, timeout=30
        ).status_code
        for _ in range(attempts)
    ]


def logged(folder, needle: str, count: int) -> list[str]:
    """The request log's lines with needle, once count are there (each line is
    written after its response has gone out)."""
    deadline = time.monotonic() + 5
    while True:
        lines = (folder / "requests.log").read_text().splitlines()
        found = [line for line in lines if needle in line]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.fixture(params=sorted(SERVERS))
def site(request, tmp_path, nginx_available):
    """The app (production settings, SQLite) behind nginx on plain http and TLS."""
    app_port, port, tls_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "LINCHPIN_ENV": "production",
        "SECRET_KEY": "behind-nginx-test-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path}/site.db",
        "SITE_URL": f"https://127.0.0.1:{tls_port}",
        "TRUSTED_PROXIES": "127.0.0.1",
        "AUTH_RATE_LIMIT": "3 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PAYMENT_WEBHOOK_SECRET": "whsec-behind-nginx-test-secret",
        "MAIL_SERVER": "",
        "MAIL_OUTBOX": str(tmp_path / "mail"),
        "WORKER_IN_PROCESS": "1",  # delivers the outbox's e-mails
        "WORKER_POLL_SECONDS": "0.2",
        "SESSION_COOKIE_SECURE": "0",  # the plain-http port signs in too
        "REQUEST_LOG": str(tmp_path / "requests.log"),
        "HOST": "127.0.0.1",
        "PORT": str(app_port),
        "FLASK_APP": "myapp",
    }
    migrate(env)
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "flask", "users", "create", "--email", "reader@example.com"]
        + ["--password", "a long enough password"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = open(tmp_path / "app.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        SERVERS[request.param](app_port), cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        app_url = f"http://127.0.0.1:{app_port}"
        wait_until_up(app_url + "/healthz")
        with running_nginx([app_port], port=port, tls_port=tls_port) as nginx:
            yield nginx, app_url, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_each_client_address_has_its_own_sign_in_budget(site):
    nginx, app_url, folder = site
    first, second = client_from("127.0.0.2"), client_from("127.0.0.3")
    assert sign_in_statuses(first, nginx.url, 4) == [422, 422, 422, 429]
    # The other address is not limited by the first one's failures ...
    assert sign_in_statuses(second, nginx.url, 1) == [422]
    # ... and the first cannot escape its limit by naming another address,
    # neither through nginx (which replaces the header) nor around it.
    forged = {"X-Forwarded-For": "198.51.100.23"}
    assert sign_in_statuses(first, nginx.url, 1, forged) == [429]
    assert sign_in_statuses(first, app_url, 1, forged) == [429]
    posts = logged(folder, '"POST /auth/login ', 7)
    clients = [line.split(" ", 1)[0] for line in posts]
    assert clients == ["127.0.0.2"] * 4 + ["127.0.0.3"] + ["127.0.0.2"] * 2
    assert posts[3].split('"')[2].split()[0] == "429"


def test_tls_at_nginx_gives_https_links(site):
    nginx, _app_url, folder = site
    session = client_from("127.0.0.3", nginx.certificate)
    page = session.get(nginx.tls_url + "/auth/reset", timeout=30)
    token = TOKEN.search(page.text).group(1)
    answer = session.post(
        nginx.tls_url + "/auth/reset",
        data={"csrf_token": token, "email": "reader@example.com"},
        # Over https the CSRF check wants a same-origin Referer, as browsers send.
        headers={"Referer": nginx.tls_url + "/auth/reset"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302
    [path] = delivered(folder / "mail")
    with open(path, "rb") as fh:
        body = email.message_from_binary_file(fh).get_payload(decode=False)
    text = body if isinstance(body, str) else body[0].get_payload(decode=True).decode()
    assert f"{nginx.tls_url}/auth/reset/" in text


def delivered(folder, seconds=20.0) -> list[str]:
    """The e-mail files the worker has written, once there are any."""
    deadline = time.monotonic() + seconds
    while not (found := glob.glob(str(folder / "*.eml"))):
        assert time.monotonic() < deadline, "no e-mail was delivered"
        time.sleep(0.2)
    return found


def test_a_host_that_is_not_the_site_never_reaches_the_app(site):
    nginx, _app_url, folder = site
    with pytest.raises(requests.ConnectionError):  # 444: closed, no answer
        client_from("127.0.0.2").get(
            nginx.url + "/auth/reset", headers={"Host": "evil.example"}, timeout=10
        )
    assert "evil" not in (folder / "requests.log").read_text()
    assert client_from("127.0.0.2").get(nginx.url + "/healthz").status_code == 200
