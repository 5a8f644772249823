"""Browsers an account signed in from: new-device notices and trusted devices.

Each browser carries a signed random id in the `lp_device` cookie; only its
hash is stored. A device trusted for TRUSTED_DEVICE_DAYS skips the second
factor until then, unless the server revokes it (trusted_until cleared).
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from myapp.auth import notices
from myapp.auth.models import User
from myapp.auth.twofactor.models import SignInDevice
from myapp.database import utcnow
from myapp.extensions import db

COOKIE = "lp_device"
COOKIE_DAYS = 400  # the longest lifetime browsers keep


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="sign-in-device")


def _hash(device_id: str) -> str:
    return hashlib.sha256(device_id.encode()).hexdigest()


def current_device_id() -> str | None:
    """The id in this browser's device cookie, if it is there and signed by us."""
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    try:
        device_id = _serializer().loads(value)
    except BadSignature:
        return None
    return device_id if isinstance(device_id, str) else None


def _find(user: User, device_id: str | None) -> SignInDevice | None:
    if device_id is None:
        return None
    return db.session.scalar(
        select(SignInDevice).where(
            SignInDevice.user_id == user.id,
            SignInDevice.device_hash == _hash(device_id),
        )
    )


def is_trusted(user: User) -> bool:
    """Whether this browser was trusted by `user` and is still within its days."""
    device = _find(user, current_device_id())
    return bool(device and device.trusted_until and device.trusted_until > utcnow())


def record_sign_in(user: User, trust: bool = False) -> str | None:
    """Note this browser for `user`; e-mail when it is new to a known account.

    Returns a cookie value to set when the browser had no valid one yet.
    """
    device_id = current_device_id()
    cookie = None
    if device_id is None:
        device_id = secrets.token_urlsafe(24)
        cookie = _serializer().dumps(device_id)
    device = _find(user, device_id) or _add_device(user, device_id)
    now = utcnow()
    device.last_seen_at = now
    if trust:
        days = current_app.config["TRUSTED_DEVICE_DAYS"]
        device.trusted_until = now + timedelta(days=days)
    db.session.commit()
    return cookie


def _add_device(user: User, device_id: str) -> SignInDevice:
    """Record a browser new to `user`; tell the owner unless it is the first."""
    known = db.session.scalar(
        select(SignInDevice.id).where(SignInDevice.user_id == user.id).limit(1)
    )
    agent = (request.user_agent.string or "unknown browser")[:200]
    device = SignInDevice(
        user_id=user.id, device_hash=_hash(device_id), user_agent=agent
    )
    db.session.add(device)
    try:
        db.session.flush()
    except IntegrityError:  # the same browser's other request recorded it first
        db.session.rollback()
        return _find(user, device_id)
    if known is not None:  # the very first device is no news to the owner
        when = f"{utcnow():%Y-%m-%d %H:%M} UTC"
        notices.notify(
            user,
            "new_device",
            f"Your account was signed in from a new device at {when} "
            f"({agent}, address {request.remote_addr}).",
        )
    return device


def set_cookie(response, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


def trusted_count(user: User) -> int:
    return len(
        db.session.scalars(
            select(SignInDevice.id).where(
                SignInDevice.user_id == user.id,
                SignInDevice.trusted_until > utcnow(),
            )
        ).all()
    )


def untrust_all(user: User) -> None:
    """Every device asks for the second factor again (the caller commits)."""
    db.session.execute(
        update(SignInDevice)
        .where(SignInDevice.user_id == user.id)
        .values(trusted_until=None)
    )
