"""Claim tokens: signed, naming their claim and listing, and expiring.

The token is what the owner publishes (TXT record, meta tag, file). It is
signed with SECRET_KEY, so nobody can make one for a claim they did not
start, and it carries its own time, read from the app's clock.
"""

from datetime import UTC

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from itsdangerous.url_safe import URLSafeTimedSerializer

from myapp.database import utcnow

SALT = "linchpin-claim"
PREFIX = "linchpin-verification="


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().replace(tzinfo=UTC).timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=SALT, signer=_ClockSigner
    )


def max_age() -> int:
    return current_app.config["CLAIM_TOKEN_DAYS"] * 86400


def make_token(claim_id: int, listing_id: int) -> str:
    return _serializer().dumps({"c": claim_id, "l": listing_id})


def judge(token: str, claim_id: int, listing_id: int) -> str | None:
    """None when `token` proves this claim on this listing, else why not."""
    try:
        data = _serializer().loads(token.strip(), max_age=max_age())
    except SignatureExpired:
        return "expired"
    except BadSignature:
        return "wrong"
    if not isinstance(data, dict) or data.get("l") != listing_id:
        return "other_listing"
    if data.get("c") != claim_id:
        return "wrong"
    return None
