"""E-mail confirmation: registration, a new address, and sending the link again.

A link is a signed, expiring token naming the account and the address it
confirms. For a change of address it also names the address the account had
when the change was asked, so it works once: after the change (or another
one) the account's address no longer matches and the link is spent. The new
address takes effect only when its link is opened.
"""

from datetime import UTC

from flask import current_app, url_for
from itsdangerous import (
    BadSignature,
    SignatureExpired,
    TimestampSigner,
    URLSafeTimedSerializer,
)
from sqlalchemy import select

from myapp import mail
from myapp.audit.services import record
from myapp.auth import notices
from myapp.auth.models import User
from myapp.auth.services import create_user, normalise_email
from myapp.database import unit_of_work, utcnow
from myapp.errors import AppError, ConflictError, InvalidInput
from myapp.extensions import db
from myapp.policy import authorize


class _ClockSigner(TimestampSigner):
    """Timestamps from the app's one clock, so tests can let a link expire."""

    def get_timestamp(self) -> int:
        return int(utcnow().replace(tzinfo=UTC).timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="email-confirm", signer=_ClockSigner
    )


def make_token(user: User, email: str | None = None) -> str:
    """A link token confirming `email` (default: the account's own address)."""
    payload = {"uid": user.id, "email": email or user.email}
    if email and email != user.email:
        payload["from"] = user.email
    return _serializer().dumps(payload)


def confirm_url(token: str) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + url_for(
        "auth.confirm_email", token=token
    )


def _send_link(user: User, email: str | None = None) -> None:
    """Queue the confirmation e-mail (written to the outbox in this transaction)."""
    to = email or user.email
    changing = to != user.email
    mail.send(
        to,
        "Confirm your new e-mail address"
        if changing
        else "Confirm your e-mail address",
        "email_confirm",
        user=user,
        url=confirm_url(make_token(user, email)),
        changing=changing,
        hours=current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 3600,
    )


@unit_of_work
def register(data: dict) -> User:
    """Create a member account and e-mail it the confirmation link."""
    user = create_user(data)
    db.session.flush()
    _send_link(user)
    return user


@unit_of_work
def resend(actor: User, user: User | None = None) -> User:
    """Send the link again: to oneself, or (admins) to anyone unconfirmed."""
    user = user or actor
    if user is not actor:
        authorize(actor, "users.confirm_resend")
    if user.email_confirmed_at is not None:
        raise InvalidInput("This e-mail address is already confirmed.")
    _send_link(user)
    if user is not actor:
        record(actor, "user.confirm_resend", user, f"link e-mailed to {user.email}")
    return user


def _load(token: str) -> dict:
    max_age = current_app.config["EMAIL_CONFIRM_MAX_AGE"]
    try:
        return _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise AppError(
            "This confirmation link has expired; your account page sends a new one."
        ) from exc
    except BadSignature as exc:
        raise AppError("This confirmation link is not valid.") from exc


@unit_of_work
def confirm(token: str) -> User:
    """Confirm the address a link names; for a change, switch to it now."""
    payload = _load(token)
    user = db.session.get(User, payload.get("uid", 0))
    email = payload.get("email")
    if user is None or not user.active:
        raise AppError("This confirmation link is not valid.")
    if "from" not in payload:
        if user.email != email:
            raise AppError("This link is for an address the account no longer has.")
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()
            record(user, "user.confirm_email", user, email)
        return user
    if user.email != payload["from"]:
        raise AppError("This link has already been used; ask for a new one.")
    _switch_email(user, email)
    return user


def _switch_email(user: User, new: str) -> None:
    if _taken(new, user):
        raise ConflictError("Another account uses this e-mail address.")
    old = user.email
    user.email, user.email_confirmed_at = new, utcnow()
    db.session.flush()
    detail = f"The e-mail address of your account was changed from {old} to {new}."
    notices.notify(user, "email", detail, to=old)
    notices.notify(user, "email", detail)
    record(user, "user.email_change", user, f"{old} → {new}")


def _taken(email: str, user: User) -> bool:
    stmt = select(User.id).where(User.email == email, User.id != user.id)
    return db.session.scalar(stmt) is not None


@unit_of_work
def request_email_change(user: User, email: str) -> str:
    """E-mail a link to the new address; the account keeps the old one till then."""
    new = normalise_email(email)
    if new == user.email:
        raise InvalidInput("That is already your e-mail address.", field="email")
    if _taken(new, user):
        raise ConflictError("Another account uses this e-mail address.", field="email")
    _send_link(user, new)
    return new


@unit_of_work
def change_name(user: User, name: str) -> User:
    """Change the name shown with the member's reviews and comments."""
    user.name = " ".join(name.split())
    return user
