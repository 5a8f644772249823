"""A demo webhook endpoint, switched off: somewhere to start from, sending nothing."""

import click
from sqlalchemy import func, select

from myapp.extensions import db
from myapp.webhooks import services
from myapp.webhooks.events import EVENT_TYPES
from myapp.webhooks.models import WebhookEndpoint


def seed(admin, options: dict) -> None:
    if db.session.scalar(select(func.count()).select_from(WebhookEndpoint)):
        return
    services.create_endpoint(
        admin,
        {
            "url": "https://hooks.example.com/linchpin",
            "description": "Demo: point it at your receiver, then switch it on.",
            "events": list(EVENT_TYPES),
            "active": False,
        },
    )
    click.echo("Demo webhook endpoint: 1 added (switched off).")
