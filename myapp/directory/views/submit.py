"""Members' side: submit a listing, edit it, renew or upgrade it, see how to pay."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp, schemas
from myapp.directory.services import categories, listings, notify, orders, plans
from myapp.directory.views.forms import (
    error_dict,
    listing_payload,
    load,
    only_posts_count,
    submission_rate_limit,
)
from myapp.errors import AppError
from myapp.extensions import limiter
from myapp.policy import authorize

SAVED_FOR_REVIEW = (
    "Your changes wait for review; the listing shows the old text until then."
)


@bp.route("/directory/submit", methods=["GET", "POST"])
@limiter.limit(submission_rate_limit, exempt_when=only_posts_count)
def new():
    """Add a site: choose a plan, describe it, accept the terms."""
    if not current_user.is_authenticated:
        flash("Create an account (or sign in) to add your site.", "info")
        return redirect(url_for("auth.register", next=request.full_path.rstrip("?")))
    errors, form = {}, request.form
    if request.method == "POST":
        schema = schemas.ListingSubmitIn()
        data, errors = load(schema, listing_payload(schema))
        if data is not None:
            try:
                listing, order = listings.submit_listing(current_user, data)
            except AppError as exc:
                errors = error_dict(exc)
            else:
                return _submitted(listing, order)
    else:
        form = {"plan": request.args.get("plan", "free"), "email": current_user.email}
    return render_template(
        "directory/submit.html",
        errors=errors,
        form=form,
        plans=plans.list_plans(),
        tree=categories.load_tree(),
    ), 422 if errors else 200


def _submitted(listing, order):
    if order is not None:
        flash(
            "Thank you! Your listing is saved; it goes to review once paid.", "success"
        )
        return redirect(url_for("directory.order", reference=order.reference))
    flash(f"Thank you! “{listing.name}” is waiting for review.", "success")
    return redirect(url_for("directory.my_listings"))


@bp.route("/listings/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug):
    """Change a listing; a reviewed one stays as it is until the change is approved."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.edit", listing)
    errors, form = {}, None
    if request.method == "POST":
        form = request.form
        schema = schemas.ListingIn(partial=True, exclude=("plan",))
        data, errors = load(schema, listing_payload(schema, clearing=True))
        if data is not None:
            try:
                _, revision, _ = listings.update_listing(current_user, listing, data)
            except AppError as exc:
                errors = error_dict(exc)
            else:
                flash(SAVED_FOR_REVIEW if revision else "Listing saved.", "success")
                return redirect(url_for("directory.show", slug=listing.slug))
    return render_template(
        "directory/edit.html",
        listing=listing,
        errors=errors,
        form=form,
        tree=categories.load_tree(),
    ), 422 if errors else 200


@bp.post("/listings/<slug>/renew")
@login_required
def renew(slug):
    """Order another term of the listing's plan."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.renew", listing)  # 403, not a flash
    try:
        order = orders.start_renewal(current_user, listing)
    except AppError as exc:
        flash(exc.detail, "error")
        return redirect(url_for("directory.show", slug=listing.slug))
    return redirect(url_for("directory.order", reference=order.reference))


@bp.route("/listings/<slug>/upgrade", methods=["GET", "POST"])
@login_required
def upgrade(slug):
    """Choose a better plan; it applies once its order is paid."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.renew", listing)
    errors = {}
    if request.method == "POST":
        data, errors = load(schemas.RenewIn())
        if data is not None:
            try:
                order = orders.start_upgrade(
                    current_user, listing, data.get("plan") or ""
                )
            except AppError as exc:
                errors = error_dict(exc)
            else:
                return redirect(url_for("directory.order", reference=order.reference))
    better = [p for p in plans.list_plans() if p.price_cents > listing.plan.price_cents]
    return render_template(
        "directory/upgrade.html", listing=listing, plans=better, errors=errors
    ), 422 if errors else 200


@bp.get("/orders/<reference>")
@login_required
def order(reference):
    """An order: what it is for, its status and how to pay it."""
    order = orders.get_order_by_reference(reference, current_user)
    return render_template(
        "directory/order.html", order=order, bank=notify.bank_lines()
    )
