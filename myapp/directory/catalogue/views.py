"""Admin pages for the directory's structure: categories and plans."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp, schemas
from myapp.directory.catalogue import categories, category_admin, plans
from myapp.policy import authorize
from myapp.web import form_page, post_form


@bp.route("/admin/categories", methods=["GET", "POST"])
@login_required
def categories_index():
    """The category tree with counts, and a form to add a category."""
    authorize(current_user, "category.manage")
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.CategoryIn(),
            lambda data: category_admin.create_category(current_user, data),
        )
        if post.ok:
            category = post.result
            flash(
                f"Category “{category.name}” added at /directory/{category.path}.",
                "success",
            )
            return redirect(url_for("directory.categories_index"))
        errors = post.errors
    return form_page(
        "directory/admin_categories.html", errors, tree=categories.load_tree()
    )


@bp.route("/admin/categories/<id:category_id>", methods=["GET", "POST"])
@login_required
def category_edit(category_id):
    """Rename, move or delete one category."""
    authorize(current_user, "category.manage")
    category = categories.get_category(category_id)
    errors = {}
    if request.method == "POST":
        post = post_form(
            schemas.CategoryPatchIn(),
            lambda data: category_admin.update_category(current_user, category, data),
        )
        if post.ok:
            flash(f"Category saved: /directory/{category.path}.", "success")
            return redirect(url_for("directory.categories_index"))
        errors = post.errors
    return _category_page(category, errors)


def _category_page(category, errors):
    tree = categories.load_tree()
    below = set(tree.descendant_ids(category))
    return form_page(
        "directory/admin_category.html",
        errors,
        form=request.form or None,
        category=category,
        tree=tree,
        parent_options=[o for o in tree.options() if o[0] not in below],
        filed=category_admin.filed_count(category),
    )


@bp.post("/admin/categories/<id:category_id>/delete")
@login_required
def category_delete(category_id):
    """Delete a category, moving its listings elsewhere first if asked."""
    authorize(current_user, "category.manage")
    category = categories.get_category(category_id)
    name = category.name
    post = post_form(
        schemas.CategoryDeleteForm(),
        lambda data: category_admin.delete_category(
            current_user, category, categories.find_category(data.get("move_to"))
        ),
    )
    if not post.ok:
        return _category_page(category, post.errors)
    flash(f"Category “{name}” deleted.", "success")
    return redirect(url_for("directory.categories_index"))


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
        post = post_form(
            schemas.PlanIn(), lambda data: plans.update_plan(current_user, plan, data)
        )
        if post.ok:
            flash(f"Plan “{plan.name}” saved.", "success")
            return redirect(url_for("directory.plans_index"))
        errors = post.errors
    return form_page(
        "directory/admin_plan.html", errors, form=request.form or None, plan=plan
    )
