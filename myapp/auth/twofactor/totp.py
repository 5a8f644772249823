"""Authenticator-app codes (TOTP) and single-use recovery codes."""

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, func, select

from myapp.auth import notices
from myapp.auth.models import User
from myapp.auth.twofactor.models import RecoveryCode, TotpFactor
from myapp.database import utcnow
from myapp.errors import ConflictError, InvalidInput, StateError
from myapp.extensions import db

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper. 16 of 31 letters is about 2**79, out
# of reach of guessing a SHA-256 offline, so a fast hash looked up by equality
# will do (a password hash per code cost seconds per check).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 16
WRONG_CODE = "That code is not right (or was already used)."


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def get_factor(user: User) -> TotpFactor | None:
    return db.session.scalar(select(TotpFactor).where(TotpFactor.user_id == user.id))


def has_totp(user: User) -> bool:
    factor = get_factor(user)
    return factor is not None and factor.confirmed_at is not None


def start_enrolment(user: User) -> TotpFactor:
    """Make a fresh unconfirmed secret; it counts only once a code proves it."""
    factor = get_factor(user)
    if factor is not None and factor.confirmed_at is not None:
        raise ConflictError("An authenticator app is already set up.")
    if factor is None:
        factor = TotpFactor(user_id=user.id, secret=pyotp.random_base32())
        db.session.add(factor)
        db.session.commit()
    return factor


def pending_factor(user: User) -> TotpFactor:
    factor = get_factor(user)
    if factor is None or factor.confirmed_at is not None:
        raise StateError("Start setting up the authenticator app first.")
    return factor


def provisioning_uri(user: User, factor: TotpFactor) -> str:
    return pyotp.TOTP(factor.secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["SITE_NAME"]
    )


def qr_data_uri(uri: str) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI, drawn here."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _matching_step(factor: TotpFactor, code: str) -> int | None:
    """The time step the code belongs to (now, or one step either side)."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(factor.secret)
    now_step = totp.timecode(time.time())
    for step in (now_step - 1, now_step, now_step + 1):
        expected = totp.generate_otp(step)
        if hmac.compare_digest(expected, code) and step > factor.last_step:
            return step
    return None


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn the app on once it shows a right code; return new recovery codes."""
    factor = pending_factor(user)
    step = _matching_step(factor, normalise_code(code))
    if step is None:
        raise InvalidInput(WRONG_CODE, field="code")
    factor.confirmed_at, factor.last_step = utcnow(), step
    codes = _replace_recovery_codes(user)
    notices.notify(
        user, "second_factor", "An authenticator app was set up for two-factor sign-in."
    )
    db.session.commit()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_code_digest(raw)))
    return codes


def _code_digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace all recovery codes (the old ones stop working)."""
    if not has_totp(user):
        raise StateError("Set up an authenticator app first.")
    codes = _replace_recovery_codes(user)
    notices.notify(user, "second_factor", "New recovery codes were made.")
    db.session.commit()
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def _use_recovery_code(user: User, code: str) -> bool:
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def verify_code(user: User, code: str) -> str:
    """Accept an app code or a recovery code once; return which it was."""
    factor = get_factor(user)
    code = normalise_code(code)
    if factor is None or factor.confirmed_at is None:
        raise InvalidInput(WRONG_CODE, field="code")
    step = _matching_step(factor, code)
    if step is not None:
        factor.last_step = step
        db.session.commit()
        return "totp"
    if len(code) == RECOVERY_LENGTH and _use_recovery_code(user, code):
        notices.notify(
            user,
            "second_factor",
            f"A recovery code was used to sign in; {recovery_codes_left(user)} left.",
        )
        db.session.commit()
        return "recovery"
    raise InvalidInput(WRONG_CODE, field="code")


def remove_totp(user: User) -> None:
    """Delete the app secret and recovery codes (the caller commits)."""
    db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
