"""Register, change and test webhook endpoints; read their delivery logs."""

import ipaddress
import secrets
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from myapp import outbound
from myapp.audit.services import record
from myapp.errors import InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize
from myapp.webhooks import events
from myapp.webhooks.models import WebhookDelivery, WebhookEndpoint


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def list_endpoints(actor) -> list[WebhookEndpoint]:
    authorize(actor, "webhook.manage")
    return list(
        db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    )


def get_endpoint(actor, endpoint_id: int) -> WebhookEndpoint:
    authorize(actor, "webhook.manage")
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFoundError("No such webhook endpoint.")
    return endpoint


def _check_url(url: str) -> None:
    """Refuse an address literal the outbound rules would refuse anyway, now.

    Host names are checked at each delivery (DNS answers change); the log
    shows a refusal.
    """
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return
    policy = outbound.Policy.from_config(resolver=lambda h, p: [h])
    try:
        outbound.checked_address(host, 0, policy)
    except outbound.BlockedAddress as exc:
        raise InvalidInput(str(exc), field="url") from exc


def create_endpoint(actor, data: dict) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its secret, which is shown only now."""
    authorize(actor, "webhook.manage")
    _check_url(data["url"])
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=data["url"],
        description=data.get("description", ""),
        secret=secret,
        active=data.get("active", True),
        created_by_id=actor.id,
    )
    endpoint.events = data["events"]
    db.session.add(endpoint)
    db.session.flush()
    record(actor, "webhook.create", endpoint, endpoint.url)
    db.session.commit()
    return endpoint, secret


def update_endpoint(actor, endpoint: WebhookEndpoint, data: dict) -> WebhookEndpoint:
    """Change an endpoint; switching it on again forgets its failures."""
    authorize(actor, "webhook.manage")
    if "url" in data:
        _check_url(data["url"])
        endpoint.url = data["url"]
    if "description" in data:
        endpoint.description = data["description"]
    if "events" in data:
        endpoint.events = data["events"]
    if data.get("active") and not endpoint.active:
        endpoint.failing_since = endpoint.disabled_at = None
        endpoint.disabled_reason = ""
    if "active" in data:
        endpoint.active = data["active"]
    record(actor, "webhook.update", endpoint, endpoint.url)
    db.session.commit()
    return endpoint


def rotate_secret(actor, endpoint: WebhookEndpoint) -> str:
    """A new secret, effective for the next try of every delivery; shown once."""
    authorize(actor, "webhook.manage")
    secret = new_secret()
    endpoint.secret = secret
    record(actor, "webhook.rotate_secret", endpoint, endpoint.url)
    db.session.commit()
    return secret


def delete_endpoint(actor, endpoint: WebhookEndpoint) -> None:
    authorize(actor, "webhook.manage")
    record(actor, "webhook.delete", endpoint, endpoint.url)
    db.session.delete(endpoint)
    db.session.commit()


def send_test_event(actor, endpoint: WebhookEndpoint) -> dict:
    """Queue a `webhook.test` event to this endpoint only (even if it is off)."""
    authorize(actor, "webhook.manage")
    event = events.build_event(
        events.TEST_EVENT,
        {
            "endpoint_id": endpoint.id,
            "message": "A test event from Linchpin.",
            "site_url": current_app.config["SITE_URL"],
        },
    )
    events.queue_delivery(endpoint, event)
    record(actor, "webhook.test", endpoint, event["id"])
    db.session.commit()
    return event


def deliveries(
    actor, endpoint: WebhookEndpoint, cursor: str | None = None, limit: int = 20
) -> Page:
    """The endpoint's delivery log, newest first."""
    authorize(actor, "webhook.manage")
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    return keyset_page(query, [WebhookDelivery.id], cursor, limit)
