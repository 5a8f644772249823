"""Shared column helpers and per-connection database settings."""

from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from myapp.extensions import db


def utcnow() -> datetime:
    """Naive UTC now: the one clock every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


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
