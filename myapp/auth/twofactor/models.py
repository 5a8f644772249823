"""Second factors of an account: TOTP, recovery codes, passkeys, known devices."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from myapp.database import utcnow
from myapp.extensions import db


def user_fk() -> ForeignKey:
    return ForeignKey("users.id", ondelete="CASCADE")


class TotpFactor(db.Model):
    """An authenticator app's shared secret; unconfirmed until a code proves it."""

    __tablename__ = "totp_factors"
    page_cache_neutral = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk(), unique=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    # The last 30-second step accepted: a code is never accepted twice.
    last_step: Mapped[int] = mapped_column(default=0)


class RecoveryCode(db.Model):
    """One single-use code, kept only as its SHA-256 (see totp.RECOVERY_LENGTH)."""

    __tablename__ = "recovery_codes"
    page_cache_neutral = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk(), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class Passkey(db.Model):
    """A WebAuthn credential: a second factor, or a sign-in without password."""

    __tablename__ = "passkeys"
    page_cache_neutral = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk(), index=True)
    credential_id: Mapped[str] = mapped_column(String(255), unique=True)
    public_key: Mapped[str] = mapped_column(String(1024))
    sign_count: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]


class SignInDevice(db.Model):
    """A browser an account signed in from (by its device cookie's hash).

    Known devices are not announced by e-mail; `trusted_until` in the future
    skips the second factor ("remember this device"), revocable here.
    """

    __tablename__ = "sign_in_devices"
    __table_args__ = (UniqueConstraint("user_id", "device_hash"),)
    page_cache_neutral = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk(), index=True)
    device_hash: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    trusted_until: Mapped[datetime | None]
