"""Server-side sign-in sessions: a database row per signed-in browser.

The session and remember-me cookies carry only a random secret naming a row
of user_sessions (its SHA-256 is stored). Deleting the row signs that browser
out in every process at once, whatever copies of its cookies exist.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app, g, request
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select, update

from myapp.auth import loading, throttle
from myapp.auth.models import User, UserSession
from myapp.database import utcnow
from myapp.errors import NotFoundError
from myapp.extensions import db

LAST_SEEN_EVERY = timedelta(seconds=60)  # at most one write a minute per session
BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"))
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(user: User, remember: bool = False) -> UserSession:
    """Start a session for a fully signed-in user (after every factor is checked)."""
    now = utcnow()
    plain = secrets.token_urlsafe(32)
    lifetime = (
        current_app.config["REMEMBER_COOKIE_DURATION"]
        if remember
        else current_app.config["SESSION_LIFETIME"]
    )
    row = UserSession(
        user=user,
        token_hash=digest_of(plain),
        remember=remember,
        user_agent=request.user_agent.string[:200],
        ip=(request.remote_addr or "")[:45],
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    user.last_login_at = now
    db.session.execute(  # the user's expired rows go here, no cron needed
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.expires_at <= now
        )
    )
    db.session.add(row)
    db.session.flush()  # its id, without a query after the commit
    session_id = row.id
    db.session.commit()
    user.session_token = plain
    login_user(user, remember=remember)
    throttle.remember_device(user.email)
    g.user_session_id = session_id
    return row


def sign_out() -> None:
    """End this browser's session on the server, then clear its cookies."""
    session_id = g.get("user_session_id") if current_user.is_authenticated else None
    if session_id is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == session_id))
        db.session.commit()
    logout_user()


def current_session() -> UserSession | None:
    """This browser's session row (loaded on first use: few pages need it)."""
    if not current_user.is_authenticated:
        return None
    session_id = g.get("user_session_id")
    return None if session_id is None else db.session.get(UserSession, session_id)


def load_session_user(token: str) -> User | None:
    """Flask-Login's user loader: one query for the session and its user."""
    now = utcnow()
    found = loading.find(digest_of(token), now, request.environ)
    if found is None:
        return None
    user, session_id, last_seen = found
    if now - last_seen >= LAST_SEEN_EVERY:
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == session_id)
            .values(last_seen_at=now)
        )
        db.session.commit()
    user.session_token = token
    g.user_session_id = session_id
    return user


def end_sessions(user: User, keep: UserSession | None = None) -> None:
    """Delete the user's sessions (all, or all but `keep`); the caller commits."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    db.session.execute(stmt)


def end_session(user: User, session_id: int) -> None:
    """Sign one of my own sessions out."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFoundError("No such session.")
    db.session.delete(row)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    end_sessions(user)
    db.session.commit()
    logout_user()


def list_sessions(user: User) -> list[UserSession]:
    now = utcnow()
    stmt = select(UserSession).where(
        UserSession.user_id == user.id, UserSession.expires_at > now
    )
    return list(db.session.scalars(stmt.order_by(UserSession.last_seen_at.desc())))


def describe_device(user_agent: str) -> str:
    """ "Firefox on Linux": enough for a person to recognise their own devices."""
    browser = next((name for key, name in BROWSERS if key in user_agent), None)
    if browser is None and re.search(r"Safari/", user_agent):
        browser = "Safari"
    system = next((name for key, name in SYSTEMS if key in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (user_agent[:60] or "Unknown device")
