"""Shared column helpers, the clock, the unit of work, per-connection settings."""

import functools
from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from myapp.extensions import db


def system_clock() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def utcnow() -> datetime:
    """Naive UTC now: the one clock every module reads (tests move `clock`)."""
    return clock()


clock = system_clock


def unit_of_work(func):
    """Make a service one user action: the outermost call commits, once.

    Services call each other; only the call a view, API route or command made
    commits, at its end. Any exception rolls the whole action back, so a
    refused action stores nothing. Notices queued with `after_commit` run only
    once the commit succeeded.
    """

    @functools.wraps(func)
    def run(*args, **kwargs):
        info = db.session.info
        depth = info.get("unit_depth", 0)
        info["unit_depth"] = depth + 1
        try:
            result = func(*args, **kwargs)
            if depth == 0:
                db.session.commit()
        except BaseException:
            if depth == 0:
                db.session.rollback()
                info.pop("after_commit", None)
            raise
        finally:
            info["unit_depth"] = depth
        if depth == 0:
            for callback, cb_args in info.pop("after_commit", []):
                callback(*cb_args)
        return result

    return run


def after_commit(callback, *args) -> None:
    """Run `callback(*args)` once the current action has committed (now if none)."""
    info = db.session.info
    if info.get("unit_depth", 0) == 0:
        callback(*args)
    else:
        info.setdefault("after_commit", []).append((callback, args))


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _release_session(_exc=None) -> None:
    """End the request's session; if the database vanished, drop its connections.

    Runs before Flask-SQLAlchemy's own teardown, whose rollback would raise on
    a lost connection and turn a finished response into a 500.
    """
    try:
        db.session.remove()
    except OperationalError:
        db.session().invalidate()
        db.session.remove()


def configure_engine(app) -> None:
    """Turn on foreign keys, WAL and a busy timeout on every SQLite connection."""
    app.teardown_appcontext(_release_session)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def unindexed(column):
    """`column + 0`: the same value, but SQLite and MariaDB use no index for it,
    which steers the planner away from a plan that looks cheaper than it is."""
    return column + 0
