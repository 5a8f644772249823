"""The member's own directory pages: my listings and my orders."""

from flask import render_template, request
from flask_login import current_user, login_required

from myapp.directory import bp, page_size
from myapp.directory.billing import orders
from myapp.directory.listings import actions
from myapp.directory.listings import services as listings
from myapp.directory.vocabulary import ORDER_STATUSES
from myapp.stats.listing_figures import listing_figures


@bp.get("/account/listings")
@login_required
def my_listings():
    """My listings with their state, reasons, and renew/upgrade/edit actions."""
    page = listings.browse_listings(
        current_user, mine=True, cursor=request.args.get("cursor"), limit=page_size()
    )
    return render_template(
        "directory/my_listings.html",
        page=page,
        actions=actions.listing_actions(current_user, page.items),
        figures=listing_figures(page.items),
    )


@bp.get("/account/orders")
@login_required
def my_orders():
    """My orders, newest first, with the unpaid ones' payment instructions."""
    status = request.args.get("status") or None
    if status not in (None, *ORDER_STATUSES):
        status = None
    page = orders.list_orders(
        current_user, status, request.args.get("cursor"), page_size(), mine=True
    )
    return render_template("directory/my_orders.html", page=page, status=status)
