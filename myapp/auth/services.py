"""Account rules: registration, sign-in, reset tokens, roles and API tokens."""

import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from myapp import mail
from myapp.audit.services import record
from myapp.auth import notices, sessions, throttle
from myapp.auth.models import ApiToken, User
from myapp.database import unit_of_work, utcnow
from myapp.errors import (
    AppError,
    ConflictError,
    InvalidInput,
    NotFoundError,
    Unauthorized,
)
from myapp.extensions import db
from myapp.policy import authorize

TOKEN_PREFIX = "lp_"


def hash_password(password: str) -> str:
    return generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )


def dummy_hash() -> str:
    """A hash of the configured method and cost, made once per app.

    Checked when the e-mail is unknown, so that sign-in takes as long either way.
    """
    method = current_app.config["PASSWORD_HASH_METHOD"]
    hashes = current_app.extensions.setdefault("dummy_password_hash", {})
    if method not in hashes:
        hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return hashes[method]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError("No such user.")
    return user


@unit_of_work
def create_user(data: dict, role: str = "member", confirmed: bool = False) -> User:
    """Make an account; a taken e-mail is a conflict on the email field.

    `confirmed`: the address counts as confirmed (accounts an admin makes with
    `flask users create`); registration leaves it for the e-mailed link.
    """
    user = User(
        email=normalise_email(data["email"]),
        name=data["name"].strip(),
        password_hash=hash_password(data["password"]),
        role=role,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            "An account with this e-mail already exists; sign in or reset it.",
            field="email",
        ) from exc
    return user


def authenticate(email: str, password: str, known_device: bool = False) -> User:
    """Return the user for these credentials; one vague error whatever went wrong.

    Repeated failures slow the account down (auth/throttle.py), except from a
    browser that signed in to it before (`known_device`).
    """
    throttle.check(email, known_device)
    user = get_user_by_email(email)
    # One real check on every path (unknown, inactive, wrong): equal timing.
    matches = check_password_hash(
        user.password_hash if user else dummy_hash(), password
    )
    if user is None or not user.active or not matches:
        throttle.record_failure(email)
        raise Unauthorized("Wrong e-mail or password.")
    throttle.clear(email)
    return user


def change_password(user: User, current: str, new: str, keep=None) -> None:
    """Change the password and end every session but `keep` (the one asking)."""
    if not check_password_hash(user.password_hash, current):
        raise InvalidInput("The current password is wrong.", field="current_password")
    user.password_hash = hash_password(new)
    sessions.end_sessions(user, keep=keep)
    notices.notify(user, "password", "The password of your account was changed.")
    record(user, "user.password_change", user, user.email)
    db.session.commit()


# Password reset -------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="password-reset"
    )


def _fingerprint(user: User) -> str:
    """Changes with the password, so a used token stops working (single use)."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})


def send_password_reset(email: str, reset_url_for) -> None:
    """E-mail a reset link if the account exists; say nothing either way."""
    user = get_user_by_email(email)
    if user is None or not user.active:
        return
    url = reset_url_for(make_reset_token(user))
    # Who asked is unknown (anyone may ask): no actor, the account as object.
    record(None, "user.reset_request", user, f"reset link e-mailed to {user.email}")
    db.session.commit()
    mail.send(
        user.email, "Reset your Linchpin password", "password_reset", user=user, url=url
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        payload = _reset_serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise AppError("This reset link has expired; ask for a new one.") from exc
    except BadSignature as exc:
        raise AppError("This reset link is not valid.") from exc
    user = db.session.get(User, payload.get("uid", 0))
    if user is None or payload.get("fp") != _fingerprint(user):
        raise AppError("This reset link has already been used; ask for a new one.")
    return user


def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    user.password_hash = hash_password(password)
    sessions.end_sessions(user)  # whoever knew the old password is signed out
    throttle.clear(user.email)
    notices.notify(user, "password", "Your password was reset by e-mail link.")
    record(user, "user.password_reset", user, "with an e-mailed reset link")
    db.session.commit()
    return user


# Roles ------------------------------------------------------------------------


def list_users() -> list[User]:
    return list(
        db.session.scalars(
            select(User).order_by(User.created_at.desc(), User.id.desc())
        )
    )


@unit_of_work
def record_role_grant(user: User, how: str) -> None:
    """A staff role given outside the admin's form (`flask users create --role`)."""
    record(None, "user.role", user, f"created as {user.role} {how}")


def set_role(actor: User, user: User, role: str, active: bool = True) -> User:
    """Change a user's role or deactivate them; admins cannot demote themselves."""
    authorize(actor, "users.manage")
    if user.id == actor.id and (role != "admin" or not active):
        raise ConflictError(
            "You cannot demote or deactivate your own account.", field="role"
        )
    changes = []
    if user.role != role:
        changes.append(f"role {user.role} → {role}")
        user.role = role
    if user.active != active:
        changes.append("activated" if active else "deactivated")
        user.active = active
    if changes:
        record(actor, "user.role", user, "; ".join(changes))
    db.session.commit()
    return user


# API tokens -------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, data: dict) -> tuple[ApiToken, str]:
    """Make a token; the plain value is returned once and only its hash is kept."""
    authorize(user, "token.create")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=data["name"].strip(),
        prefix=plain[:10],
        token_hash=_digest(plain),
        scopes=" ".join(sorted(set(data.get("scopes") or ["read", "write"]))),
    )
    db.session.add(token)
    db.session.flush()
    record(user, "token.create", token, f"{token.name} ({token.scopes})")
    notices.notify(
        user, "api_token", f"An API token ({token.name}, {token.scopes}) was created."
    )
    db.session.commit()
    return token, plain


def list_tokens(user: User) -> list[ApiToken]:
    stmt = select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)
    )
    return list(db.session.scalars(stmt.order_by(ApiToken.id.desc())))


def revoke_token(actor: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None or token.user_id != actor.id:
        raise NotFoundError("No such token.")
    authorize(actor, "token.revoke", token)
    token.revoked_at = utcnow()
    notices.notify(actor, "api_token", f"The API token {token.name} was revoked.")
    record(actor, "token.revoke", token, token.name)
    db.session.commit()


def user_for_token(plain: str) -> tuple[User, ApiToken]:
    """Resolve a Bearer token; record its use at most once a minute."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(plain))
    )
    if (
        token is None
        or token.revoked_at is not None
        or not hmac.compare_digest(token.token_hash, _digest(plain))
        or not token.user.active
    ):
        raise Unauthorized("The token is missing, revoked or not valid.")
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        db.session.commit()
    return token.user, token
