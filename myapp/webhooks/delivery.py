"""The outbox handler for kind "webhook": sign, POST through outbound, log, judge.

Every attempt writes a WebhookDelivery row (status code, time, the start of
the answer) and commits it before the outbox records the result, so the log
keeps failures too. A 2xx answer is a success; anything else, a refused
address or a network error is a failure the outbox retries with backoff. An
endpoint that has failed without a single success for
WEBHOOK_DISABLE_AFTER_HOURS is switched off and the admins get an e-mail.
"""

import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from myapp import mail, outbound, outbox
from myapp.auth.models import User
from myapp.database import utcnow
from myapp.extensions import db
from myapp.webhooks.events import KIND, TEST_EVENT
from myapp.webhooks.models import WebhookDelivery, WebhookEndpoint

EXCERPT = 500


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx (the outbox will try again)."""


def headers_for(body: bytes, secret: str, payload: dict, key: str) -> dict:
    """The same Linchpin-Signature scheme the payment webhook verifies."""
    from myapp.directory.billing.payments import sign  # late: directory imports us

    return {
        "Content-Type": "application/json",
        "Linchpin-Signature": sign(body, secret),
        "Linchpin-Event": payload["type"],
        "Linchpin-Event-Id": payload["event_id"],
        "Idempotency-Key": key,
    }


def _clean(text: str) -> str:
    return text.replace("\x00", "")[:EXCERPT]


def deliver(payload: dict, delivery) -> str:
    """Send one event to one endpoint; raise to have the outbox retry."""
    endpoint = db.session.get(WebhookEndpoint, payload["endpoint_id"])
    if endpoint is None:
        return "Endpoint deleted: not sent."
    if not endpoint.active and payload["type"] != TEST_EVENT:
        return "Endpoint switched off: not sent."
    body = payload["body"].encode()
    headers = headers_for(body, endpoint.secret, payload, delivery.key)
    log = WebhookDelivery(
        endpoint_id=endpoint.id,
        event_id=payload["event_id"],
        event_type=payload["type"],
        attempt=delivery.attempt,
    )
    started = time.monotonic()
    refused = None
    try:
        response = outbound.request(
            "POST", endpoint.url, body, headers, max_redirects=0
        )
    except outbound.OutboundError as exc:
        response, log.error = None, _clean(str(exc))
        refused = exc if isinstance(exc, outbound.BlockedAddress) else None
    log.duration_ms = round((time.monotonic() - started) * 1000)
    if response is not None:
        log.status_code = response.status
        log.response_excerpt = _clean(response.text(EXCERPT))
        log.ok = 200 <= response.status < 300
    db.session.add(log)
    _prune(endpoint)
    if payload["type"] != TEST_EVENT:
        _judge(endpoint, log.ok)
    db.session.commit()
    if refused is not None:
        raise outbox.PermanentError(str(refused))
    if not log.ok:
        raise DeliveryFailed(log.error or f"HTTP {log.status_code}")
    return f"HTTP {log.status_code} in {log.duration_ms} ms"


def _prune(endpoint: WebhookEndpoint) -> None:
    """Keep WEBHOOK_LOG_DAYS of the endpoint's log (the caller commits)."""
    keep = timedelta(days=current_app.config["WEBHOOK_LOG_DAYS"])
    db.session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.created_at < utcnow() - keep,
        )
    )


def _judge(endpoint: WebhookEndpoint, ok: bool) -> None:
    """Track how long the endpoint has failed; switch it off after too long."""
    now = utcnow()
    if ok:
        endpoint.failing_since = None
        return
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        return
    limit = timedelta(hours=current_app.config["WEBHOOK_DISABLE_AFTER_HOURS"])
    if endpoint.active and now - endpoint.failing_since >= limit:
        since = f"{endpoint.failing_since:%Y-%m-%d %H:%M} UTC"
        disable(endpoint, f"No successful delivery since {since}.")


def disable(endpoint: WebhookEndpoint, reason: str) -> None:
    """Switch the endpoint off and tell every admin (the caller commits)."""
    endpoint.active = False
    endpoint.disabled_at = utcnow()
    endpoint.disabled_reason = reason[:300]
    admins = db.session.scalars(
        select(User).where(User.role == "admin", User.active.is_(True))
    ).all()
    site = current_app.config["SITE_URL"].rstrip("/")
    for admin in admins:
        mail.send(
            admin.email,
            f"Webhook endpoint switched off: {endpoint.url[:80]}",
            "webhook_disabled",
            endpoint=endpoint,
            reason=reason,
            site=site,
        )


outbox.register_handler(KIND, deliver)
