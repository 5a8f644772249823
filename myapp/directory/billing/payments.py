"""The payment provider's webhook: verify the signature, then apply each event once.

Header `Linchpin-Signature: t=<unix>,v1=<hex>`, where hex is HMAC-SHA256 of
"<t>.<raw body>" with PAYMENT_WEBHOOK_SECRET. The event row is inserted
first, in the same transaction that pays the order: a second delivery of the
same event id waits on the UNIQUE index and then finds it taken, so however
the deliveries overlap, the order is paid once.
"""

import hashlib
import hmac
import logging
import re
import time

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from myapp.audit.services import record
from myapp.config import DEFAULT_WEBHOOK_SECRET
from myapp.directory import notify
from myapp.directory.billing import orders
from myapp.directory.models import Order, PaymentEvent
from myapp.directory.vocabulary import PAID
from myapp.errors import AppError, InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.formatting import money

log = logging.getLogger(__name__)
HANDLED_TYPE = "payment.succeeded"


class SignatureError(AppError):
    status, title, kind = 400, "Invalid signature", "invalid-signature"


def sign(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """The header value a provider sends for `body` (used by tests and docs)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    return f"t={stamp},v1={mac.hexdigest()}"


def _secret() -> str:
    """The shared secret; the public development default never counts in production."""
    secret = current_app.config["PAYMENT_WEBHOOK_SECRET"] or ""
    if secret == DEFAULT_WEBHOOK_SECRET and current_app.config["LINCHPIN_ENV"] == (
        "production"
    ):
        log.error("PAYMENT_WEBHOOK_SECRET is the development default; refusing")
        return ""
    return secret


def verify_signature(header: str | None, body: bytes, now: float | None = None):
    """Raise SignatureError unless the header signs this body, recently."""
    secret = _secret()
    tolerance = current_app.config["PAYMENT_WEBHOOK_TOLERANCE"]
    pairs = [part.strip().partition("=") for part in (header or "").split(",")]
    stamps = [value for key, _, value in pairs if key == "t"]
    signatures = [value for key, _, value in pairs if key == "v1"]
    well_formed = len(stamps) == 1 and re.fullmatch(r"[0-9]{1,12}", stamps[0])
    if not secret or not well_formed or not signatures:
        log.warning("Payment webhook refused: missing or malformed signature")
        raise SignatureError("The Linchpin-Signature header is missing or malformed.")
    expected = sign(body, secret, int(stamps[0])).rpartition("v1=")[2]
    if not any(hmac.compare_digest(expected, given) for given in signatures):
        log.warning("Payment webhook refused: signature does not match")
        raise SignatureError("The signature does not match the body.")
    now = time.time() if now is None else now
    if abs(now - int(stamps[0])) > tolerance:
        log.warning("Payment webhook refused: stale timestamp %s", stamps[0])
        raise SignatureError("The signature's timestamp is too old or in the future.")


def handle_event(data: dict, raw_body: bytes) -> tuple[PaymentEvent, bool]:
    """Store the event, then act on it; returns (event, was_a_replay)."""
    event = PaymentEvent(
        event_id=data["id"],
        type=data["type"],
        order_reference=data.get("order_reference", ""),
        amount_cents=data.get("amount_cents"),
        currency=data.get("currency", ""),
        payload=raw_body[:60000].decode("utf-8", "replace"),  # fits a MySQL TEXT
    )
    db.session.add(event)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        log.info("Payment event %s replayed; nothing to do", data["id"])
        existing = db.session.scalar(
            select(PaymentEvent).where(PaymentEvent.event_id == data["id"])
        )
        return existing, True
    try:
        order = _process(event)
    except AppError as exc:
        event.detail = exc.detail[:300]
        db.session.commit()
        raise
    if order is not None:
        notify.payment_received(order)
    db.session.commit()
    return event, False


def _process(event: PaymentEvent) -> Order | None:
    """Decide the event's outcome; only the last step changes anything."""
    if event.type != HANDLED_TYPE:
        event.outcome = "ignored"
        return None
    order = db.session.scalar(
        select(Order)
        .where(Order.reference == event.order_reference)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        event.outcome = "unknown_order"
        log.warning("Payment event %s names unknown order", event.event_id)
        raise NotFoundError(f"No order has the reference {event.order_reference}.")
    event.order_id = order.id
    if order.status == PAID:
        event.outcome = "already_paid"
        return None
    if (event.amount_cents, event.currency) != (order.amount_cents, order.currency):
        event.outcome = "amount_mismatch"
        log.warning(
            "Payment event %s: %s %s does not match order %s (%s %s)",
            event.event_id,
            event.amount_cents,
            event.currency,
            order.reference,
            order.amount_cents,
            order.currency,
        )
        raise InvalidInput(
            f"The order is for {money(order.amount_cents, order.currency)}, "
            f"not {money(event.amount_cents, event.currency)}.",
            field="amount_cents",
        )
    try:
        orders.check_payable(order)
    except StateError:
        event.outcome = "refused"
        log.warning(
            "Payment event %s: order %s cannot be paid", event.event_id, order.reference
        )
        raise
    orders.settle(order, None, "webhook")
    record(None, "order.paid", order, f"{order.reference} by webhook {event.event_id}")
    event.outcome = "paid"
    return order
