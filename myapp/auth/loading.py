"""The signed-in reader's session and user: one prepared Core query per request.

Every signed-in request starts here, so it is kept cheap: the statement is
built once per process (building and hashing a new `select()` each time cost
as much as running it), it runs as Core on the session's connection (no ORM
row processing), and the user is made a persistent instance of the session
from that row, exactly as if the ORM had loaded it: in the identity map, with
no pending changes, lazy relationships working, expired by a commit like any
other instance. Only the session row's id and last-seen time are read; the
row itself is loaded when a page asks for it (`sessions.current_session()`).
"""

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from myapp.auth.models import User, UserSession
from myapp.extensions import db

_users = User.__table__
_sessions = UserSession.__table__
SESSION_ID = _sessions.c.id.label("session_id")
LAST_SEEN = _sessions.c.last_seen_at.label("session_last_seen_at")

STATEMENT = (
    select(_users, SESSION_ID, LAST_SEEN)
    .join(_sessions, _sessions.c.user_id == _users.c.id)
    .where(
        _sessions.c.token_hash == bindparam("digest"),
        _sessions.c.expires_at > bindparam("now"),
        _users.c.active.is_(True),
    )
)

_MAPPER = inspect(User)
# (attribute, its column in the row) for every plain column of the user.
_COLUMNS = [
    (prop.key, prop.columns[0])
    for prop in _MAPPER.column_attrs
    if len(prop.columns) == 1 and prop.columns[0].table is _users
]


# The WSGI environ key of (digest, row) when the page cache looked the session
# up before Flask dispatched (early_reader.py): the request's one query.
FOUND = "linchpin.auth.session_row"


def live_row(connection, digest: str, now):
    """The user's columns with the session's id and last-seen time, or None."""
    return connection.execute(STATEMENT, {"digest": digest, "now": now}).first()


def find(digest: str, now, environ=None) -> tuple[User, int, object] | None:
    """(user, session id, session last seen) of a live session, or None."""
    found = (environ or {}).get(FOUND)
    if found is not None and found[0] == digest:
        row = found[1]
    else:
        row = live_row(db.session.connection(), digest, now)
    if row is None:
        return None
    values = row._mapping
    identity = _MAPPER.identity_key_from_primary_key([values[_users.c.id]])
    user = db.session.identity_map.get(identity)
    if user is None:
        user = _MAPPER.class_manager.new_instance()
        for key, column in _COLUMNS:
            set_committed_value(user, key, values[column])
        make_transient_to_detached(user)
        db.session.add(user)
    return user, values["session_id"], values["session_last_seen_at"]
