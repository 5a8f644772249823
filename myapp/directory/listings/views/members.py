"""Members' side: submit a listing, edit it, renew or upgrade it, see how to pay."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp, notify, schemas
from myapp.directory.billing import orders
from myapp.directory.catalogue import categories, plans
from myapp.directory.listings import actions
from myapp.directory.listings import services as listings
from myapp.extensions import limiter
from myapp.policy import UnconfirmedError, authorize, can
from myapp.web import form_page, only_posts_count, post_form

SAVED_FOR_REVIEW = (
    "Your changes wait for review; the listing shows the old text until then."
)


@bp.route("/directory/submit", methods=["GET", "POST"])
@limiter.limit(listings.submission_rate_limit, exempt_when=only_posts_count)
def new():
    """Add a site: choose a plan, describe it, accept the terms."""
    if not current_user.is_authenticated:
        flash("Create an account (or sign in) to add your site.", "info")
        return redirect(url_for("auth.register", next=request.full_path.rstrip("?")))
    if not can(current_user, "listing.submit"):  # the address is not confirmed yet
        flash(UnconfirmedError().detail, "info")
        return redirect(url_for("auth.account"))
    form, errors, hints = request.form, {}, None
    if request.method == "POST":
        post = post_form(
            schemas.ListingSubmitIn(),
            lambda data: listings.submit_listing(current_user, data),
        )
        if post.ok:
            return _submitted(*post.result)
        errors = post.errors
        hints = getattr(post.error, "hints", None)  # "This looks like …"
    else:
        form = {
            "plan": request.args.get("plan", "free"),
            "email": current_user.email,
            # "Add your site" on a category page starts with that category.
            "category_id": request.args.get("category", ""),
        }
    return form_page(
        "directory/submit.html",
        errors,
        form=form,
        plans=plans.list_plans(),
        tree=categories.load_tree(),
        duplicate_hints=hints,
    )


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
    """Change a listing; a reviewed one stays as it is until the change is approved.

    The form and `PATCH /api/v1/listings/<id>` load the same ListingPatchIn;
    the form offers no plan (upgrades have their own page) but a plan sent
    here is the same upgrade order the API makes.
    """
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.edit", listing)
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.ListingPatchIn(),
            lambda data: listings.update_listing(current_user, listing, data),
        )
        if post.ok:
            _, revision, order = post.result
            flash(SAVED_FOR_REVIEW if revision else "Listing saved.", "success")
            if order is not None:
                return redirect(url_for("directory.order", reference=order.reference))
            return redirect(url_for("directory.show", slug=listing.slug))
        errors = post.errors
    return form_page(
        "directory/edit.html",
        errors,
        form=request.form or None,
        listing=listing,
        waits_for_review=actions.edit_waits_for_review(current_user, listing),
        tree=categories.load_tree(),
    )


@bp.post("/listings/<slug>/renew")
@login_required
def renew(slug):
    """Order another term of the listing's plan."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.renew", listing)  # 403, not a flash
    post = post_form(
        schemas.RenewIn(), lambda _: orders.start_renewal(current_user, listing)
    )
    if not post.ok:
        flash(" ".join(m for ms in post.errors.values() for m in ms), "error")
        return redirect(url_for("directory.show", slug=listing.slug))
    return redirect(url_for("directory.order", reference=post.result.reference))


@bp.route("/listings/<slug>/upgrade", methods=["GET", "POST"])
@login_required
def upgrade(slug):
    """Choose a better plan; it applies once its order is paid."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.renew", listing)
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.UpgradeIn(),
            lambda data: orders.start_upgrade(current_user, listing, data["plan"]),
        )
        if post.ok:
            return redirect(url_for("directory.order", reference=post.result.reference))
        errors = post.errors
    return form_page(
        "directory/upgrade.html",
        errors,
        listing=listing,
        plans=orders.upgrade_plans(listing),
    )


@bp.get("/orders/<reference>")
@login_required
def order(reference):
    """An order: what it is for, its status and how to pay it."""
    order = orders.get_order_by_reference(reference, current_user)
    return render_template(
        "directory/order.html", order=order, bank=notify.bank_lines()
    )
