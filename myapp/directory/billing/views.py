"""Admins' order pages: every order by status, mark paid, cancel."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp, page_size, schemas
from myapp.directory.billing import orders
from myapp.directory.vocabulary import ORDER_STATUSES
from myapp.policy import authorize
from myapp.web import post_form, safe_next


@bp.get("/admin/orders")
@login_required
def orders_index():
    """All orders, newest first, filtered by status."""
    authorize(current_user, "order.list_all")
    return _orders_page({})


def _orders_page(errors, status_code=200):
    status = request.args.get("status") or None
    if status not in (None, *ORDER_STATUSES):
        status = None
    page = orders.list_orders(
        current_user, status, request.args.get("cursor"), page_size()
    )
    return render_template(
        "directory/admin_orders.html",
        page=page,
        status=status,
        statuses=ORDER_STATUSES,
        errors=errors,
        stale=orders.stale_orders(),
    ), status_code


@bp.post("/admin/orders/<id:order_id>/mark-paid")
@login_required
def order_mark_paid(order_id):
    """Record a bank transfer or cash payment, with a note."""
    authorize(current_user, "order.mark_paid")
    order = orders.get_order(order_id, current_user)
    post = post_form(
        schemas.MarkPaidIn(),
        lambda data: orders.mark_paid(current_user, order, data["note"]),
    )
    if post.ok:
        flash(f"Order {order.reference} marked paid.", "success")
    elif "note" not in post.errors:  # refused by the order's state: say so there
        flash(f"{order.reference}: {_messages(post.errors)}", "error")
    else:
        return _orders_page({**post.errors, "order_id": order_id}, 422)
    return redirect(safe_next(request.form.get("next"), "directory.orders_index"))


@bp.post("/admin/orders/<id:order_id>/cancel")
@login_required
def order_cancel(order_id):
    """Cancel an unpaid order (an unpaid submission's listing is rejected)."""
    authorize(current_user, "order.cancel")
    order = orders.get_order(order_id, current_user)
    post = post_form(
        schemas.CancelOrderIn(),
        lambda data: orders.cancel_order(current_user, order, data["reason"]),
    )
    if not post.ok:
        return _orders_page({**post.errors, "order_id": order_id}, 422)
    flash(f"Order {order.reference} cancelled.", "success")
    return redirect(url_for("directory.orders_index"))


def _messages(errors: dict) -> str:
    return " ".join(message for messages in errors.values() for message in messages)
