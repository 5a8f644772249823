"""Billing API: orders and the payment provider's webhook."""

from functools import wraps

from flask import request

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.directory import schemas
from myapp.directory.billing import orders, payments
from myapp.schemas import Extended, page_of

OrderPageOut = page_of(schemas.OrderOut, "OrderPageOut")
SIGNATURE_HEADER = {
    "name": "Linchpin-Signature",
    "in": "header",
    "required": True,
    "description": "`t=<unix time>,v1=<hex>`: v1 is the HMAC-SHA256 of "
    "`<t>.<raw body>` with the shared secret (PAYMENT_WEBHOOK_SECRET); t must be "
    "within PAYMENT_WEBHOOK_TOLERANCE seconds (5 minutes) of our clock.",
    "schema": {"type": "string", "pattern": "^t=[0-9]+(,v1=[0-9a-f]{64})+$"},
    "example": "t=1764061200,v1=" + "0f" * 32,
}


@bp.get("/orders")
@token_required
@bp.arguments(schemas.OrderQuery, location="query")
@bp.response(200, OrderPageOut)
@bp.doc(security=BEARER)
def list_orders(args):
    """Your orders; admins see everyone's (unless `mine`), filtered by `status`."""
    return orders.list_orders(
        api_user(), args.get("status"), args["cursor"], args["limit"], args["mine"]
    )


@bp.get("/orders/<id:order_id>")
@token_required
@bp.response(200, schemas.OrderOut)
@bp.doc(security=BEARER)
def get_order(order_id):
    """One of your orders (admins: any)."""
    return orders.get_order(order_id, api_user())


@bp.post("/orders/<id:order_id>/mark-paid")
@token_required
@bp.arguments(schemas.MarkPaidIn)
@bp.response(200, schemas.OrderOut)
@bp.doc(security=BEARER)
def mark_order_paid(data, order_id):
    """Record a bank transfer or cash payment (admins), with a note."""
    order = orders.get_order(order_id, api_user())
    return orders.mark_paid(api_user(), order, data["note"])


@bp.post("/orders/<id:order_id>/cancel")
@token_required
@bp.arguments(schemas.CancelOrderIn)
@bp.response(200, schemas.OrderOut)
@bp.doc(security=BEARER)
def cancel_order(data, order_id):
    """Cancel an unpaid order (admins); an unpaid submission is rejected."""
    order = orders.get_order(order_id, api_user())
    return orders.cancel_order(api_user(), order, data["reason"])


def signed(view):
    """Check Linchpin-Signature over the raw body before anything parses it."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        payments.verify_signature(
            request.headers.get("Linchpin-Signature"), request.get_data(cache=True)
        )
        return view(*args, **kwargs)

    return wrapper


@bp.post("/payments/webhook")
@signed
@bp.arguments(schemas.PaymentEventIn)
@bp.response(200, schemas.PaymentEventOut)
@bp.alt_response(400, description="Missing, wrong or stale signature.")
@bp.alt_response(404, description="No order has this reference (event stored).")
@bp.alt_response(409, description="The order cannot be paid now (event stored).")
@bp.alt_response(422, description="Amount or currency differ (event stored).")
@bp.doc(
    description="Signed by the provider: see the Linchpin-Signature header. Each "
    "event id is processed once; a replay answers 200 and changes nothing.",
    parameters=[SIGNATURE_HEADER],
)
def payment_webhook(data):
    """Receive a payment event from the provider."""
    event, replay = payments.handle_event(data, request.get_data(cache=True))
    return Extended(event, replay=replay)
