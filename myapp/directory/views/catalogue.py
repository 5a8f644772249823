"""Admin pages for the directory's structure: categories and plans."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp, schemas
from myapp.directory.services import categories, category_admin, plans
from myapp.directory.views.forms import error_dict, load
from myapp.errors import AppError
from myapp.policy import authorize
from myapp.web import form_payload

PLAN_FLAGS = ("featured", "priority_review", "backlink_required", "active")


def _category_payload(schema) -> dict:
    """A blank parent means "top level": keep it as None instead of dropping it."""
    payload = form_payload(request.form, schema)
    if "parent_id" in request.form and not request.form["parent_id"].strip():
        payload["parent_id"] = None
    return payload


@bp.route("/admin/categories", methods=["GET", "POST"])
@login_required
def categories_index():
    """The category tree with counts, and a form to add a category."""
    authorize(current_user, "category.manage")
    errors = {}
    if request.method == "POST":
        data, errors = load(
            schemas.CategoryIn(), _category_payload(schemas.CategoryIn())
        )
        if data is not None:
            try:
                category = category_admin.create_category(current_user, data)
            except AppError as exc:
                errors = error_dict(exc)
            else:
                flash(
                    f"Category “{category.name}” added at /directory/{category.path}.",
                    "success",
                )
                return redirect(url_for("directory.categories_index"))
    return render_template(
        "directory/admin_categories.html",
        tree=categories.load_tree(),
        errors=errors,
        form=request.form,
    ), 422 if errors else 200


@bp.route("/admin/categories/<int:category_id>", methods=["GET", "POST"])
@login_required
def category_edit(category_id):
    """Rename, move or delete one category."""
    authorize(current_user, "category.manage")
    category = categories.get_category(category_id)
    errors = {}
    if request.method == "POST":
        schema = schemas.CategoryIn(partial=True)
        data, errors = load(schema, _category_payload(schema))
        if data is not None:
            try:
                category_admin.update_category(current_user, category, data)
            except AppError as exc:
                errors = error_dict(exc)
            else:
                flash(f"Category saved: /directory/{category.path}.", "success")
                return redirect(url_for("directory.categories_index"))
    return _category_page(category, errors, request.form or None)


def _category_page(category, errors, form=None):
    tree = categories.load_tree()
    below = set(tree.descendant_ids(category))
    return render_template(
        "directory/admin_category.html",
        category=category,
        tree=tree,
        parent_options=[o for o in tree.options() if o[0] not in below],
        errors=errors,
        form=form,
    ), 422 if errors else 200


@bp.post("/admin/categories/<int:category_id>/delete")
@login_required
def category_delete(category_id):
    """Delete a category, moving its listings elsewhere first if asked."""
    authorize(current_user, "category.manage")
    category = categories.get_category(category_id)
    data, errors = load(schemas.CategoryDeleteIn())
    if data is not None:
        try:
            target = (
                categories.get_category(data["move_to"])
                if data.get("move_to")
                else None
            )
            name = category.name
            category_admin.delete_category(current_user, category, target)
        except AppError as exc:
            errors = error_dict(exc)
        else:
            flash(f"Category “{name}” deleted.", "success")
            return redirect(url_for("directory.categories_index"))
    return _category_page(category, errors)


@bp.get("/admin/plans")
@login_required
def plans_index():
    """Every plan, offered or not, with its price and terms."""
    authorize(current_user, "plan.manage")
    return render_template(
        "directory/admin_plans.html", plans=plans.list_plans(active_only=False)
    )


@bp.route("/admin/plans/<code>", methods=["GET", "POST"])
@login_required
def plan_edit(code):
    """Change a plan's price, term and benefits (orders keep their old price)."""
    authorize(current_user, "plan.manage")
    plan = plans.get_plan(code)
    errors = {}
    if request.method == "POST":
        payload = form_payload(request.form, schemas.PlanIn())
        for flag in PLAN_FLAGS:  # an unticked box is not sent at all
            payload[flag] = flag in request.form
        if not request.form.get("duration_days", "").strip():
            payload["duration_days"] = None
        data, errors = load(schemas.PlanIn(), payload)
        if data is not None:
            try:
                plans.update_plan(current_user, plan, data)
            except AppError as exc:
                errors = error_dict(exc)
            else:
                flash(f"Plan “{plan.name}” saved.", "success")
                return redirect(url_for("directory.plans_index"))
    return render_template(
        "directory/admin_plan.html", plan=plan, errors=errors, form=request.form or None
    ), 422 if errors else 200
