"""A signed-in member for the benchmark: created once, signed in over HTTP."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench import datasets
from bench.load import USER_AGENT


class SignInError(RuntimeError):
    """The benchmark's reader could not sign in."""


def _request(server, method, path, cookies, form=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"User-Agent": USER_AGENT}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def sign_in(app, reader: dict) -> str:
    """The Cookie header value of a member signed in through the login form."""
    try:
        datasets.flask(
            ["users", "create", "--email", reader["email"], "--role", "member"]
            + ["--name", "Bench Reader"]
            + ["--password", reader["password"]],
            app.server.env,
            app.work_dir / "seed.log",
        )
    except datasets.SeedError as err:
        if "already" not in str(err).lower() and "taken" not in str(err).lower():
            raise SignInError(str(err)) from err
    cookies: dict[str, str] = {}
    _status, page = _request(app.server, "GET", "/auth/login", cookies)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    form = {"email": reader["email"], "password": reader["password"]}
    if found:
        form["csrf_token"] = found.group(1)
    status, page = _request(app.server, "POST", "/auth/login", cookies, form)
    if status != 302 or not cookies:
        raise SignInError(f"POST /auth/login answered {status}: {page[:200]}")
    # As a browser would: the next page shows "Signed in." and the session
    # cookie it sets no longer carries that message.
    _request(app.server, "GET", "/", cookies)
    return "; ".join(f"{k}={v}" for k, v in cookies.items())
