"""Per-account slowdown after repeated failed sign-ins, that cannot lock owners out.

Failures are counted per e-mail (an HMAC of it, known account or not, so the
table reveals neither addresses nor which have accounts). After FREE_FAILURES
in a row, the next attempt must wait a delay that doubles up to
MAX_DELAY_SECONDS; attempts made too soon are refused without checking the
password. A browser that has signed in to the account before carries a signed
"known device" cookie and is never slowed down, so an attacker who keeps
failing cannot keep the owner out; a success or a password reset clears the
count. The per-client budget (AUTH_RATE_LIMIT) still applies to everyone.
"""

import hashlib
import hmac
import math
from datetime import timedelta

from flask import after_this_request, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from myapp.auth.models import SignInFailure
from myapp.database import utcnow
from myapp.errors import AppError
from myapp.extensions import db

FREE_FAILURES = 5
FORGET_AFTER = timedelta(days=1)
MAX_DELAY_SECONDS = 60
DEVICE_COOKIE = "known_device"
DEVICE_COOKIE_DAYS = 365
DEVICE_ACCOUNTS = 5  # accounts one browser remembers


class SlowDown(AppError):
    status, title, kind = 429, "Too Many Requests", "rate-limited"

    def __init__(self, retry_after: int):
        super().__init__(
            "Too many failed sign-ins for this account; "
            f"try again in {retry_after} seconds, or reset the password."
        )
        self.retry_after = retry_after


def email_digest(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def delay_for(failures: int) -> int:
    """Seconds to wait after `failures` in a row: 0, then 4, 8, 16 … up to 60."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** min(failures - FREE_FAILURES + 2, 16), MAX_DELAY_SECONDS)


def check(email: str, known_device: bool) -> None:
    """Raise SlowDown if this account must wait (never for a known browser)."""
    if known_device:
        return
    row = db.session.get(SignInFailure, email_digest(email))
    if row is None:
        return
    wait = delay_for(row.failures) - (utcnow() - row.last_failed_at).total_seconds()
    if wait > 0:
        raise SlowDown(math.ceil(wait))


def record_failure(email: str) -> None:
    """Count one failure (the same writes whether or not the account exists)."""
    digest, now = email_digest(email), utcnow()
    # Failures a day old no longer slow anyone down: drop them as we go.
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.last_failed_at < now - FORGET_AFTER)
    )
    bump = (
        update(SignInFailure)
        .where(SignInFailure.email_digest == digest)
        .values(failures=SignInFailure.failures + 1, last_failed_at=now)
    )
    if db.session.execute(bump).rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(
                    SignInFailure(email_digest=digest, failures=1, last_failed_at=now)
                )
        except IntegrityError:  # a parallel failure inserted it first
            db.session.execute(bump)
    db.session.commit()


def clear(email: str) -> None:
    """Forget the failures (the caller commits)."""
    digest = email_digest(email)
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.email_digest == digest)
    )


def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _device_digests() -> list[str]:
    try:
        value = _device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return []
    return value if isinstance(value, list) else []


def is_known_device(email: str) -> bool:
    return email_digest(email) in _device_digests()


def remember_device(email: str) -> None:
    """Mark this browser as one the account has signed in from."""
    digests = [email_digest(email)] + [
        d for d in _device_digests() if d != email_digest(email)
    ]
    value = _device_serializer().dumps(digests[:DEVICE_ACCOUNTS])

    @after_this_request
    def set_cookie(response):
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            samesite="Lax",
        )
        return response
