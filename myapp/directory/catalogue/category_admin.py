"""Editors create, rename, move and delete categories (never more than 3 deep)."""

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from myapp.audit.services import record
from myapp.database import unit_of_work
from myapp.directory.catalogue.categories import adjust_count, load_tree
from myapp.directory.models import Category, Listing
from myapp.errors import ConflictError, InvalidInput
from myapp.extensions import db
from myapp.policy import authorize
from myapp.slugs import slugify

MAX_DEPTH = 2  # depths 0, 1 and 2: three levels
RESERVED_SLUGS = {"submit"}  # /directory/submit is the submission form


def _parent_for(parent_id: int | None) -> Category | None:
    if parent_id is None:
        return None
    parent = db.session.get(Category, parent_id)
    if parent is None:
        raise InvalidInput("Choose an existing parent category.", field="parent_id")
    return parent


def _checked_slug(value: str, parent: Category | None) -> str:
    slug = slugify(value)
    if parent is None and slug in RESERVED_SLUGS:
        raise InvalidInput(f"“{slug}” is reserved; choose another.", field="slug")
    return slug


def _flush_or_conflict() -> None:
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            "A category with this address already exists at that level.",
            field="slug",
        ) from exc


@unit_of_work
def create_category(actor, data: dict) -> Category:
    """Add a category under `parent_id` (or at the top), at most three deep."""
    authorize(actor, "category.manage")
    parent = _parent_for(data.get("parent_id"))
    depth = parent.depth + 1 if parent else 0
    if depth > MAX_DEPTH:
        raise InvalidInput(
            "Categories nest at most three levels deep.", field="parent_id"
        )
    slug = _checked_slug(data.get("slug") or data["name"], parent)
    category = Category(
        name=data["name"].strip(),
        slug=slug,
        parent_id=parent.id if parent else None,
        path=f"{parent.path}/{slug}" if parent else slug,
        depth=depth,
        description=(data.get("description") or "").strip(),
    )
    db.session.add(category)
    _flush_or_conflict()
    record(actor, "category.create", category, category.path)
    return category


@unit_of_work
def update_category(actor, category: Category, data: dict) -> Category:
    """Rename and/or move a category; paths below it follow."""
    authorize(actor, "category.manage")
    tree = load_tree()
    old_path = category.path
    parent = tree.by_id.get(category.parent_id) if category.parent_id else None
    if "parent_id" in data:
        parent = _parent_for(data["parent_id"])
        _check_move(tree, category, parent)
    if "name" in data:
        category.name = data["name"].strip()
    if "description" in data:
        category.description = (data["description"] or "").strip()
    if data.get("slug") or "parent_id" in data:
        category.slug = _checked_slug(data.get("slug") or category.slug, parent)
    category.parent_id = parent.id if parent else None
    _rebase(tree, category, parent)
    _flush_or_conflict()
    moved = old_path != category.path
    detail = f"{old_path} → {category.path}" if moved else category.path
    record(actor, "category.update", category, detail)
    return category


def _check_move(tree, category: Category, parent: Category | None) -> None:
    if parent is None:
        return
    if parent.id in tree.descendant_ids(category):
        raise InvalidInput(
            "A category cannot move inside itself or its sub-categories.",
            field="parent_id",
        )
    height = max(c.depth for c in map(tree.by_id.get, tree.descendant_ids(category)))
    if parent.depth + 1 + (height - category.depth) > MAX_DEPTH:
        raise InvalidInput(
            "That move would nest categories more than three levels deep.",
            field="parent_id",
        )


def _rebase(tree, category: Category, parent: Category | None) -> None:
    """Recompute path and depth for the category and everything below it."""
    category.depth = parent.depth + 1 if parent else 0
    category.path = f"{parent.path}/{category.slug}" if parent else category.slug
    for child in tree.children_of(category):
        _rebase(tree, child, category)


@unit_of_work
def filed_count(category: Category) -> int:
    """Listings of any status filed in the category (a delete must move them)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Listing)
        .where(Listing.category_id == category.id)
    )


def delete_category(actor, category: Category, move_to: Category | None = None):
    """Delete an empty leaf category, or first move its listings to `move_to`."""
    authorize(actor, "category.manage")
    if db.session.scalar(
        select(func.count())
        .select_from(Category)
        .where(Category.parent_id == category.id)
    ):
        raise ConflictError("Move or delete its sub-categories first.")
    filed = filed_count(category)
    if filed and (move_to is None or move_to.id == category.id):
        raise ConflictError(
            f"{filed} listing{'' if filed == 1 else 's'} filed here: choose "
            "where to move them.",
            field="move_to",
        )
    if filed:
        db.session.execute(
            update(Listing)
            .where(Listing.category_id == category.id)
            .values(category_id=move_to.id)
            .execution_options(synchronize_session=False)
        )
        adjust_count(move_to.id, category.listing_count)
    record(actor, "category.delete", category, f"{category.path}; {filed} moved")
    db.session.delete(category)
