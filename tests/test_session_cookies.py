"""Session cookies read once and remembered still expire, and a changed byte
is still refused."""

import time
from datetime import timedelta

import pytest
from flask import Flask, session

from myapp.session_cookies import RememberingSessionInterface


@pytest.fixture
def cookie_app():
    app = Flask(__name__)
    app.secret_key = "a-secret-key-for-session-cookie-tests"
    app.permanent_session_lifetime = timedelta(minutes=10)
    app.session_interface = RememberingSessionInterface()

    @app.post("/in")
    def sign_in():
        session.permanent = True
        session["who"] = "ann"
        return "ok"

    @app.get("/who")
    def who():
        session["seen"] = True  # a change of this request only
        return session.get("who", "nobody")

    return app


def cookie_of(app) -> str:
    client = app.test_client()
    client.post("/in")
    return client.get_cookie("session").value


def read(app, cookie: str) -> str:
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/who").get_data(as_text=True)


def test_a_remembered_cookie_reads_the_same_each_time(cookie_app):
    cookie = cookie_of(cookie_app)
    assert [read(cookie_app, cookie) for _ in range(3)] == ["ann", "ann", "ann"]


def test_a_remembered_cookie_still_expires(cookie_app, monkeypatch):
    cookie = cookie_of(cookie_app)
    assert read(cookie_app, cookie) == "ann"
    later = time.time() + 11 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert read(cookie_app, cookie) == "nobody"


def test_a_changed_cookie_is_refused_after_the_real_one_was_read(cookie_app):
    cookie = cookie_of(cookie_app)
    assert read(cookie_app, cookie) == "ann"
    forged = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    assert read(cookie_app, forged) == "nobody"


def test_a_new_secret_key_reads_no_remembered_cookie(cookie_app):
    cookie = cookie_of(cookie_app)
    assert read(cookie_app, cookie) == "ann"
    cookie_app.secret_key = "another-secret-key-for-session-tests"
    assert read(cookie_app, cookie) == "nobody"
