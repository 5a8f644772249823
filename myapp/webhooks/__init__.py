"""Outgoing webhooks: admins register endpoints; signed events go via the outbox."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")

from myapp.webhooks import delivery, views  # noqa: E402,F401 (delivery: the handler)
