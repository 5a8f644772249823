"""The category tree (three levels at most) and its approved-listing counts.

Each category keeps `listing_count`, the approved listings filed directly in
it, updated by the lifecycle on every transition in or out of "approved".
A page loads the whole tree in one query, with the few listings that lapsed
since `flask directory expire` last ran (a small grouped subquery on the
expiry index) to subtract, and adds children to parents in Python: no
recount per request.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select, text, update

from myapp.database import unit_of_work
from myapp.directory.models import Category, Listing
from myapp.errors import InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.page_cache import shows
from myapp.pagination import Page, keyset_page


@dataclass
class Tree:
    categories: list[Category]
    totals: dict[int, int]
    children: dict[int | None, list[Category]] = field(default_factory=dict)
    by_id: dict[int, Category] = field(default_factory=dict)
    by_path: dict[str, Category] = field(default_factory=dict)

    @property
    def roots(self) -> list[Category]:
        return self.children.get(None, [])

    def children_of(self, category: Category) -> list[Category]:
        return self.children.get(category.id, [])

    def total(self, category: Category) -> int:
        return self.totals.get(category.id, 0)

    def own(self, category: Category) -> int:
        """Live listings filed in the category itself, not below it."""
        below = sum(self.total(c) for c in self.children_of(category))
        return self.total(category) - below

    def split_empty(self, nodes: list[Category]) -> tuple[list, list]:
        """(categories with live listings, those without), order kept."""
        return (
            [c for c in nodes if self.total(c)],
            [c for c in nodes if not self.total(c)],
        )

    def descendant_ids(self, category: Category) -> list[int]:
        """The category's id and those of everything below it."""
        ids, stack = [], [category]
        while stack:
            current = stack.pop()
            ids.append(current.id)
            stack.extend(self.children_of(current))
        return ids

    def ancestors(self, category: Category) -> list[Category]:
        """From the root down to the category itself (for breadcrumbs)."""
        chain = [category]
        while chain[0].parent_id is not None:
            chain.insert(0, self.by_id[chain[0].parent_id])
        return chain

    def label(self, category: Category) -> str:
        return " › ".join(c.name for c in self.ancestors(category))

    def options(self) -> list[tuple[int, str]]:
        """(id, "Shops › Bakeries") pairs in tree order, for select boxes."""
        result = []

        def walk(nodes):
            for node in nodes:
                result.append((node.id, self.label(node)))
                walk(self.children_of(node))

        walk(self.roots)
        return result


def roots_page(cursor: str | None, limit: int) -> Page:
    """A page of top-level categories by name (the API pages the tree by them)."""
    stmt = select(Category).where(Category.parent_id.is_(None))
    columns = [Category.name, Category.id]
    return keyset_page(stmt, columns, cursor, limit, descending=False)


def load_tree() -> Tree:
    """All categories with counts that include sub-categories: one query."""
    shows("directory-tree")
    lapsed_in = (
        select(Listing.category_id, func.count().label("lapsed"))
        .where(Listing.is_lapsed)
        .group_by(Listing.category_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Category, lapsed_in.c.lapsed)
        .outerjoin(lapsed_in, lapsed_in.c.category_id == Category.id)
        .order_by(Category.name)
    ).all()
    categories = [category for category, _ in rows]
    lapsed = {category.id: n for category, n in rows if n}
    tree = Tree(categories, {})
    tree.children = defaultdict(list)
    for category in categories:
        tree.by_id[category.id] = category
        tree.by_path[category.path] = category
        tree.children[category.parent_id].append(category)
    for category in sorted(categories, key=lambda c: -c.depth):
        own = max(category.listing_count - lapsed.get(category.id, 0), 0)
        below = sum(tree.totals[c.id] for c in tree.children_of(category))
        tree.totals[category.id] = own + below
    return tree


def get_category(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFoundError("No such category.")
    return category


def find_category(category_id: int | None) -> Category | None:
    """The category with this id, None for no id, a 404 for a missing one."""
    return None if category_id is None else get_category(category_id)


def subtree_by_ref(ref: str | None) -> list[int] | None:
    """The ids of a category given by id ("12") or path ("shops/books") and of
    all below it; None for no reference. An unknown one is an error on `category`.
    """
    if not ref:
        return None
    tree = load_tree()
    found = tree.by_id.get(int(ref)) if ref.isdigit() else tree.by_path.get(ref)
    if found is None:
        raise InvalidInput("No such category.", field="category")
    return tree.descendant_ids(found)


def by_path(tree: Tree, path: str) -> Category:
    """The category at a page address ("shops/books/"), or a 404."""
    category = tree.by_path.get(path.strip("/"))
    if category is None:
        raise NotFoundError("There is no such category in the directory.")
    return category


def adjust_count(category_id: int, delta: int) -> None:
    """Add `delta` to a category's approved count, atomically in SQL."""
    db.session.execute(
        update(Category)
        .where(Category.id == category_id)
        .values(listing_count=Category.listing_count + delta)
        .execution_options(synchronize_session=False)
    )


@unit_of_work
def recount() -> None:
    """Recompute every category's count from the listings (after bulk imports)."""
    db.session.execute(
        text(
            "UPDATE categories SET listing_count = (SELECT count(*) FROM listings "
            "WHERE listings.category_id = categories.id AND listings.status = "
            "'approved')"
        )
    )
