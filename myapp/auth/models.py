"""User accounts and personal API tokens."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myapp.database import TimestampMixin, utcnow
from myapp.extensions import db, login_manager


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="member")
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    # When the address was confirmed by its e-mailed link; None: not yet.
    email_confirmed_at: Mapped[datetime | None]

    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # The signed-in session's secret, set by auth.sessions: Flask-Login keeps
    # get_id() in the session and remember-me cookies, so both name a row of
    # user_sessions and die with it, never the bare user id.
    session_token = None  # str, not a column

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.email} ({self.role})>"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    page_cache_neutral = True  # last_used_at is on no page

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(100), default="read write")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class UserSession(db.Model):
    """One signed-in browser: revocable, expiring, listed on the account page."""

    __tablename__ = "user_sessions"
    page_cache_neutral = True  # last_seen_at is on no public page

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class SignInFailure(db.Model):
    """Recent failed sign-ins per e-mail (known or not, so nothing is revealed)."""

    __tablename__ = "sign_in_failures"
    page_cache_neutral = True

    email_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime]


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    from myapp.auth.sessions import load_session_user

    return load_session_user(session_token)
