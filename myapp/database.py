"""Shared column helpers and per-connection database settings."""

from datetime import UTC, datetime

from sqlalchemy import event
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


def configure_engine(app) -> None:
    """Turn on foreign keys, WAL and a busy timeout on every SQLite connection."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"
