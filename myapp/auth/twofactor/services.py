"""Two-factor rules: who needs a second factor, turning it off, admin reset."""

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash

from myapp.audit.services import record
from myapp.auth import notices
from myapp.auth.models import User
from myapp.auth.twofactor import devices, totp
from myapp.auth.twofactor.models import Passkey
from myapp.errors import ConflictError, InvalidInput, PermissionDenied, Unauthorized
from myapp.extensions import db
from myapp.policy import authorize, can


def list_passkeys(user: User) -> list[Passkey]:
    return list(
        db.session.scalars(
            select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
        )
    )


def passkey_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Passkey.id)).where(Passkey.user_id == user.id)
    )


def has_second_factor(user: User) -> bool:
    return totp.has_totp(user) or passkey_count(user) > 0


def second_factor_required(user: User) -> bool:
    """Staff must have one when REQUIRE_2FA_FOR_STAFF is on."""
    return bool(current_app.config["REQUIRE_2FA_FOR_STAFF"]) and can(
        user, "twofactor.required"
    )


def status(user: User) -> dict:
    return {
        "totp": totp.has_totp(user),
        "recovery_codes_left": totp.recovery_codes_left(user),
        "passkeys": passkey_count(user),
        "trusted_devices": devices.trusted_count(user),
        "required": second_factor_required(user),
    }


def confirm_identity(user: User, data: dict) -> None:
    """Re-authentication: the second factor if there is an app, else the password."""
    if totp.has_totp(user):
        totp.verify_code(user, data.get("code") or "")
    elif not check_password_hash(user.password_hash, data.get("password") or ""):
        raise InvalidInput("The password is wrong.", field="password")


def disable_totp(user: User) -> None:
    """Turn the authenticator app off, unless staff rules need a second factor."""
    authorize(user, "twofactor.manage")
    if second_factor_required(user) and passkey_count(user) == 0:
        raise ConflictError(
            "Staff accounts must keep a second factor: add a passkey first."
        )
    totp.remove_totp(user)
    devices.untrust_all(user)
    notices.notify(user, "second_factor", "Two-factor sign-in by app was turned off.")
    db.session.commit()


def forget_trusted_devices(user: User) -> None:
    devices.untrust_all(user)
    notices.notify(
        user, "second_factor", "Remembered devices must use the second factor again."
    )
    db.session.commit()


def reset_second_factor(actor: User, user: User) -> None:
    """An admin's recovery for a user who lost every factor (audit-logged)."""
    authorize(actor, "twofactor.reset", user)
    totp.remove_totp(user)
    db.session.execute(delete(Passkey).where(Passkey.user_id == user.id))
    devices.untrust_all(user)
    record(actor, "user.2fa_reset", user, "second factor, passkeys and devices reset")
    notices.notify(
        user,
        "second_factor",
        f"An administrator ({actor.name}) reset the two-factor sign-in of your "
        "account. Set it up again from your account page.",
    )
    db.session.commit()


def check_api_second_factor(user: User, code: str | None) -> None:
    """The token endpoint's second step: `otp` (app or recovery code).

    An account with an app needs a code; staff who must have a second factor
    but have none (or only passkeys, which need a browser) get a 403 telling
    them to create the token on the account page instead.
    """
    if totp.has_totp(user):
        if not code:
            raise Unauthorized(
                "This account uses two-factor sign-in: send otp with a code."
            )
        try:
            totp.verify_code(user, code)
        except InvalidInput as exc:
            raise Unauthorized(totp.WRONG_CODE) from exc
    elif second_factor_required(user) or passkey_count(user):
        raise PermissionDenied(
            "Create this token on the account page: it needs a second factor "
            "that only a browser can give."
        )
