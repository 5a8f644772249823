"""Passkeys (WebAuthn): register one, then sign in with it with or without a password.

The browser talks to the authenticator; this module makes the challenges and
checks the signed answers with the `webauthn` package. The relying party is
SITE_URL's host (WEBAUTHN_RP_ID / WEBAUTHN_ORIGIN override it). The views
import this module on first use: `webauthn` and what it brings add 6 MB to
every process, and few requests are passkey ceremonies.
"""

from urllib.parse import urlsplit

import webauthn
from flask import current_app
from sqlalchemy import select
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from myapp.auth import notices
from myapp.auth.models import User
from myapp.auth.twofactor import services
from myapp.auth.twofactor.models import Passkey
from myapp.database import utcnow
from myapp.errors import ConflictError, InvalidInput, NotFoundError, Unauthorized
from myapp.extensions import db


def relying_party() -> tuple[str, str]:
    """(rp_id, origin): the host the credentials are bound to and the page origin."""
    site = urlsplit(current_app.config["SITE_URL"])
    rp_id = current_app.config["WEBAUTHN_RP_ID"] or site.hostname
    origin = current_app.config["WEBAUTHN_ORIGIN"] or f"{site.scheme}://{site.netloc}"
    return rp_id, origin


def registration_options(user: User) -> tuple[str, bytes]:
    """Options for navigator.credentials.create() (JSON) and their challenge."""
    rp_id, _ = relying_party()
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name=current_app.config["SITE_NAME"],
        user_id=str(user.id).encode(),
        user_name=user.email,
        user_display_name=user.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(
                id=webauthn.base64url_to_bytes(p.credential_id)
            )
            for p in services.list_passkeys(user)
        ],
    )
    return webauthn.options_to_json(options), options.challenge


def register_passkey(user: User, data: dict, challenge: bytes) -> Passkey:
    """Check the authenticator's answer to our challenge and keep its public key."""
    rp_id, origin = relying_party()
    try:
        verified = webauthn.verify_registration_response(
            credential=data["credential"],
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"The passkey was not accepted: {exc}") from exc
    passkey = Passkey(
        user_id=user.id,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count,
        name=data["name"].strip(),
    )
    db.session.add(passkey)
    notices.notify(user, "second_factor", f"A passkey ({passkey.name}) was added.")
    db.session.commit()
    return passkey


def authentication_options(user: User | None) -> tuple[str, bytes]:
    """Options for navigator.credentials.get(): the user's keys, or any (no user)."""
    rp_id, _ = relying_party()
    allow = [
        PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(p.credential_id))
        for p in (services.list_passkeys(user) if user else [])
    ]
    options = webauthn.generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=allow,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return webauthn.options_to_json(options), options.challenge


def authenticate_passkey(data: dict, challenge: bytes, user: User | None) -> User:
    """The user whose passkey signed our challenge (that user, when one is given).

    Without a password the passkey must have verified its holder (PIN or
    biometrics); as a second factor, presence is enough.
    """
    credential = data["credential"]
    raw_id = credential.get("rawId") or credential.get("id")
    passkey = db.session.scalar(
        select(Passkey).where(Passkey.credential_id == str(raw_id))
    )
    if passkey is None or (user is not None and passkey.user_id != user.id):
        raise Unauthorized("This passkey is not registered here.")
    rp_id, origin = relying_party()
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=webauthn.base64url_to_bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=user is None,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError) as exc:
        raise Unauthorized("The passkey's answer was not accepted.") from exc
    passkey.sign_count, passkey.last_used_at = verified.new_sign_count, utcnow()
    owner = db.session.get(User, passkey.user_id)
    if not owner.active:
        raise Unauthorized("This passkey is not registered here.")
    db.session.commit()
    return owner


def delete_passkey(user: User, passkey_id: int) -> None:
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        raise NotFoundError("No such passkey.")
    last = services.passkey_count(user) == 1 and not services.totp.has_totp(user)
    if last and services.second_factor_required(user):
        raise ConflictError("Staff accounts must keep a second factor.")
    db.session.delete(passkey)
    notices.notify(user, "second_factor", f"The passkey {passkey.name} was removed.")
    db.session.commit()
