"""Sign-in sessions live in the database: logout, password changes and
"sign out everywhere" end them, copied cookies included."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from myapp.auth import sessions
from myapp.auth.models import UserSession
from myapp.database import utcnow
from tests.factories import PASSWORD, make_user

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def sign_in(app, user, remember=False, agent=FIREFOX):
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "1"
    response = client.post("/auth/login", data=data, headers={"User-Agent": agent})
    assert response.status_code == 302
    return client


def copy_of(app, client, *names):
    """Another browser holding the same cookies (a stolen copy)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def opens_account(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_copied_session_cookie_dies_with_logout(app, member):
    browser = sign_in(app, member)
    thief = copy_of(app, browser, "session")
    assert opens_account(thief)
    browser.post("/auth/logout")
    assert not opens_account(thief)


def test_a_remember_cookie_dies_with_logout(app, member):
    browser = sign_in(app, member, remember=True)
    thief = copy_of(app, browser, "remember_token")
    assert opens_account(thief)
    browser.post("/auth/logout")
    assert not opens_account(thief)


def test_a_remember_cookie_expires_on_the_server(app, member, db):
    browser = sign_in(app, member, remember=True)
    thief = copy_of(app, browser, "remember_token")
    row = db.session.scalar(select(UserSession))
    assert row.remember and row.expires_at > utcnow() + timedelta(days=29)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert not opens_account(thief)


def test_password_change_ends_every_other_session(app, member):
    here = sign_in(app, member)
    elsewhere = sign_in(app, member, remember=True)
    response = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new secret"},
    )
    assert response.status_code == 302
    assert opens_account(here)
    assert not opens_account(elsewhere)


def test_password_reset_ends_every_session(app, member, client, outbox):
    browser = sign_in(app, member, remember=True)
    client.post("/auth/reset", data={"email": member.email})
    body = outbox()[0].get_payload(decode=True).decode()
    link = re.search(r"http://localhost(/auth/reset/\S+)", body)
    response = client.post(link.group(1), data={"password": "a brand new secret"})
    assert response.status_code == 302
    assert not opens_account(browser)


def test_account_lists_sessions_and_signs_out_everywhere(app, member, db):
    phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"
    here = sign_in(app, member)
    there = sign_in(app, member, agent=phone)
    page = here.get("/account").get_data(as_text=True)
    assert "Firefox on Linux" in page and "Safari on iPhone" in page
    assert "This device" in page and "Sign out everywhere" in page
    response = here.post("/account/sessions/end", data={"everywhere": "1"})
    assert response.status_code == 302
    assert not opens_account(here) and not opens_account(there)
    assert db.session.scalars(select(UserSession)).all() == []


def test_ending_one_other_session(app, member, db):
    here = sign_in(app, member)
    there = sign_in(app, member, agent="curl/8.0")
    other = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()[1]
    assert (
        here.post(
            "/account/sessions/end", data={"session_id": str(other.id)}
        ).status_code
        == 302
    )
    assert opens_account(here) and not opens_account(there)


def test_another_members_session_cannot_be_ended(app, member, db):
    intruder = sign_in(app, make_user())
    sign_in(app, member)
    [victim] = db.session.scalars(
        select(UserSession).where(UserSession.user_id == member.id)
    ).all()
    response = intruder.post(
        "/account/sessions/end", data={"session_id": str(victim.id)}
    )
    assert response.status_code == 404
    assert db.session.get(UserSession, victim.id) is not None


def test_last_seen_is_written_at_most_once_a_minute(app, member, db, monkeypatch):
    browser = sign_in(app, member)
    row = db.session.scalar(select(UserSession))
    first_seen = row.last_seen_at
    browser.get("/account")
    db.session.refresh(row)
    assert row.last_seen_at == first_seen
    later = utcnow() + timedelta(seconds=61)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    browser.get("/account")
    db.session.refresh(row)
    assert abs(row.last_seen_at - later) < timedelta(seconds=1)  # MySQL: whole s


def test_the_signed_in_user_is_loaded_with_one_query(app, member, db):
    browser = sign_in(app, member)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert browser.get("/auth/login").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    loads = [s for s in statements if "user_sessions" in s]
    assert len(loads) == 1 and "users" in loads[0]


@pytest.mark.parametrize("remember", [False, True])
def test_sessions_are_shared_by_processes_on_one_database(scratch_database, remember):
    """Two app instances (two processes' worth) on one database file or server."""
    from myapp import create_app
    from myapp.extensions import db as _db

    url = scratch_database("sessions")
    apps = [
        create_app({"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        for _ in range(2)
    ]
    with apps[0].app_context():
        _db.create_all()
        user = make_user(email="shared@example.com")
        email = user.email
    first = apps[0].test_client()
    data = {"email": email, "password": PASSWORD, "remember": "1" if remember else ""}
    assert first.post("/auth/login", data=data).status_code == 302
    second = copy_of(apps[1], first, "remember_token" if remember else "session")
    assert second.get("/account").status_code == 200
    first.post("/auth/logout")
    assert second.get("/account").status_code == 302
    for each in apps:
        with each.app_context():
            _db.session.remove()
            _db.engine.dispose()
