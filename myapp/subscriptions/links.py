"""Signed links that stand in for an account: confirm, manage, unsubscribe.

The signed value is the subscriber's random key, so deleting the subscriber
(unsubscribing) or giving it a new key makes every old link dead.
Confirmation links expire; manage and unsubscribe links in old digests keep
working.
"""

from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="subscriber")


def _timed() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="subscriber-confirm"
    )


def token(subscriber) -> str:
    return _serializer().dumps(subscriber.key)


def confirm_token(subscriber) -> str:
    return _timed().dumps(subscriber.key)


def key_from(value: str) -> str | None:
    try:
        return _serializer().loads(value)
    except BadSignature:
        return None


def key_from_confirm(value: str) -> str | None:
    try:
        return _timed().loads(value, max_age=CONFIRM_MAX_AGE)
    except BadSignature:  # includes SignatureExpired
        return None


def absolute(endpoint: str, **values) -> str:
    """An address under SITE_URL, in a request or not (the digest runs in a worker)."""
    site = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(
        site.netloc, script_name=site.path or "/", url_scheme=site.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def manage_url(subscriber) -> str:
    return absolute("subscriptions.manage", token=token(subscriber))


def unsubscribe_url(subscriber) -> str:
    return absolute("subscriptions.unsubscribe", token=token(subscriber))


def confirm_url(subscriber) -> str:
    return absolute("subscriptions.confirm", token=confirm_token(subscriber))


def list_headers(subscriber) -> dict:
    """RFC 8058 one-click unsubscribe: mail clients POST to this address."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
