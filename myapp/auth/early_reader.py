"""Who is signed in, answered from the WSGI environ before Flask dispatches.

The page cache serves a signed-in reader's shared page without Flask when it
can tell who the reader is exactly as Flask-Login would, and when nothing
Flask would do for the request could change the answer. So this says "don't
know" (None) unless every step would go the plain way: a valid session cookie
naming a live session of an active user, the same browser as at sign-in
(session protection), no message waiting to be shown, no remember-me cookie to
set or clear, a CSRF token this process signed already, and a last-seen time
young enough that no write is due. On "don't know" Flask serves the request.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie

from myapp.auth import loading
from myapp.auth.sessions import LAST_SEEN_EVERY, digest_of
from myapp.csrf_tokens import signed_before
from myapp.database import utcnow
from myapp.extensions import db, login_manager

# Session keys that make Flask answer differently from the stored page: a
# flash message to show, a remember-me cookie to set or clear.
FLASK_MUST_ANSWER = ("_flashes", "_remember")


@dataclass(frozen=True)
class Reader:
    """What a signed-in reader's shared page shows of them (`personal()`)."""

    role: str
    name: str
    email: str
    csrf_token: str


def identifier(environ) -> str:
    """Flask-Login's session identifier (its `_create_identifier`) from the environ."""
    address = environ.get("HTTP_X_FORWARDED_FOR", environ.get("REMOTE_ADDR"))
    if address is not None:
        address = address.encode("utf-8").split(b",")[0].strip()
    agent = environ.get("HTTP_USER_AGENT")
    if agent is not None:
        agent = agent.encode("utf-8")
    return hashlib.sha512(f"{address}|{agent}".encode()).hexdigest()


class EarlyReaders:
    """environ -> Reader, or None when only Flask can tell."""

    def __init__(self, app):
        self.app = app
        self.cookie = app.config["SESSION_COOKIE_NAME"]
        self.csrf_field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return self._engine

    def __call__(self, environ) -> Reader | None:
        app = self.app
        value = parse_cookie(environ.get("HTTP_COOKIE", "")).get(self.cookie)
        data = app.session_interface.read(app, value) if value else None
        token = data.get("_user_id") if data else None
        if not isinstance(token, str) or any(k in data for k in FLASK_MUST_ANSWER):
            return None
        csrf_token = signed_before(app, data.get(self.csrf_field))
        if csrf_token is None or not self._same_browser(data, environ):
            return None
        now, digest = utcnow(), digest_of(token)
        try:
            with self.engine.connect() as connection:
                row = loading.live_row(connection, digest, now)
        except SQLAlchemyError:  # the database is away: Flask answers (503)
            return None
        environ[loading.FOUND] = digest, row  # Flask's user loader takes it
        if row is None or now - row.session_last_seen_at >= LAST_SEEN_EVERY:
            return None
        return Reader(row.role, row.name or "", row.email or "", csrf_token)

    def _same_browser(self, data: dict, environ) -> bool:
        default = login_manager.session_protection
        mode = self.app.config.get("SESSION_PROTECTION", default)
        if mode not in ("basic", "strong") or data.get("_id") == identifier(environ):
            return True
        # Another browser: Flask-Login marks the session not fresh in basic mode
        # (and for a permanent one), which is nothing to do if it is already so.
        basic = mode == "basic" or data.get("_permanent")
        return bool(basic) and data.get("_fresh") is False
