"""Catalogue API: the category tree and the plans."""

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.api.caching import etag
from myapp.directory import schemas
from myapp.directory.catalogue import categories, category_admin, plans
from myapp.page_cache import cached_page
from myapp.pagination import Page
from myapp.schemas import page_of

CategoryTreeOut = page_of(schemas.CategoryOut, "CategoryTreeOut")
PlanListOut = page_of(schemas.PlanOut, "PlanListOut")


@bp.get("/categories")
@cached_page
@etag
@bp.arguments(schemas.CategoryQuery, location="query")
@bp.response(200, CategoryTreeOut)
def list_categories(args):
    """The category tree, a page of top-level categories at a time.

    Counts are live listings, sub-categories included.
    """
    page = categories.roots_page(args["cursor"], args["limit"])
    tree = categories.load_tree()
    roots = [tree.by_id[r.id] for r in page.items if r.id in tree.by_id]
    return Page([schemas.category_node(tree, root) for root in roots], page.next_cursor)


@bp.post("/categories")
@token_required
@bp.arguments(schemas.CategoryIn)
@bp.response(201, schemas.CategoryOut)
@bp.doc(security=BEARER)
def create_category(data):
    """Add a category (editors); at most three levels deep."""
    category = category_admin.create_category(api_user(), data)
    return schemas.category_node(categories.load_tree(), category)


@bp.patch("/categories/<id:category_id>")
@token_required
@bp.arguments(schemas.CategoryPatchIn)
@bp.response(200, schemas.CategoryOut)
@bp.doc(security=BEARER)
def update_category(data, category_id):
    """Rename or move a category (editors)."""
    category = categories.get_category(category_id)
    category_admin.update_category(api_user(), category, data)
    return schemas.category_node(categories.load_tree(), category)


@bp.delete("/categories/<id:category_id>")
@token_required
@bp.arguments(schemas.CategoryDeleteIn, location="query")
@bp.response(204)
@bp.doc(security=BEARER)
def delete_category(args, category_id):
    """Delete a category; `?move_to=<id>` moves its listings there first."""
    category = categories.get_category(category_id)
    target = categories.find_category(args.get("move_to"))
    category_admin.delete_category(api_user(), category, target)


@bp.get("/plans")
@cached_page
@etag
@bp.arguments(schemas.PlanQuery, location="query")
@bp.response(200, PlanListOut)
def list_plans(args):
    """The plans offered to new listings, in display order."""
    return plans.plans_page(args["cursor"], args["limit"])


@bp.patch("/plans/<code>")
@token_required
@bp.arguments(schemas.PlanPatchIn)
@bp.response(200, schemas.PlanOut)
@bp.doc(security=BEARER)
def update_plan(data, code):
    """Change a plan (admins); existing orders keep their price."""
    return plans.update_plan(api_user(), plans.get_plan(code), data)
