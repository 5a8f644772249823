"""Demo content: a category tree, listings in every state, and bulk listings.

`seed` is idempotent: categories are found by path, members by e-mail and
showcase listings by their site, so running `flask demo seed` twice adds
nothing. `--listings N` always adds N more (bulk inserts, in seconds).
"""

import random
import secrets
from datetime import timedelta

import click
from sqlalchemy import func, insert, literal, select

from myapp.auth import services as auth_services
from myapp.database import utcnow
from myapp.directory import demo_story
from myapp.directory.catalogue import categories, category_admin, plans
from myapp.directory.demo_data import (
    CITIES,
    DEMO_PASSWORD,
    KINDS,
    OWNERS,
    SHOWCASE,
    TREE,
    WORDS_A,
    WORDS_B,
)
from myapp.directory.details.demo import generated_details, showcase_details
from myapp.directory.details.models import index_range as index_hours_range
from myapp.directory.listings import search
from myapp.directory.models import Category, Listing, ListingEvent
from myapp.directory.trust import demo as trust_demo
from myapp.extensions import db
from myapp.slugs import slugify


def seed(admin, options: dict) -> None:
    """Add the directory's demo content (and `--listings N` generated ones)."""
    plans.ensure_default_plans()
    paths = ensure_tree(admin)
    paths.update(ensure_areas(admin, paths, options.get("categories") or 0))
    owners = [ensure_owner(email, name) for email, name in OWNERS]
    added = 0
    for n, row in enumerate(SHOWCASE):
        added += add_showcase(admin, owners[n % len(owners)], paths, n, *row)
    trust_demo.seed()  # a "Verified owner" and a suspect site in the inbox
    click.echo(
        f"Directory: {len(paths)} categories, {added} showcase listing(s) added."
    )
    if options.get("listings"):
        generate(admin, options["listings"], options.get("days") or 30)


def ensure_tree(admin) -> dict[str, Category]:
    """Create the demo categories that are missing; return them by path."""
    existing = {c.path: c for c in db.session.scalars(select(Category))}

    def ensure(name, parent=None):
        path = f"{parent.path}/{slugify(name)}" if parent else slugify(name)
        if path not in existing:
            data = {"name": name, "parent_id": parent.id if parent else None}
            existing[path] = category_admin.create_category(admin, data)
        return existing[path]

    for top, middles in TREE.items():
        root = ensure(top)
        for middle, leaves in middles.items():
            node = ensure(middle, root)
            for leaf in leaves:
                ensure(leaf, node)
    return existing


AREAS = ("North", "South", "East", "West", "Central", "Riverside", "Old Town")


def ensure_areas(admin, paths: dict, wanted: int) -> dict[str, Category]:
    """Add "<leaf> <area>" categories until the tree has `wanted` of them."""
    added: dict[str, Category] = {}
    parents = [c for c in paths.values() if c.depth == 1]
    for n in range(max(0, wanted - len(paths))):
        parent = parents[n % len(parents)]
        name = f"{parent.name} {AREAS[n // len(parents) % len(AREAS)]}"
        name += (
            f" {n // (len(parents) * len(AREAS)) + 1}" if n >= 7 * len(parents) else ""
        )
        path = f"{parent.path}/{slugify(name)}"
        if path not in paths:
            data = {"name": name, "parent_id": parent.id}
            added[path] = category_admin.create_category(admin, data)
    return added


def ensure_owner(email: str, name: str):
    user = auth_services.get_user_by_email(email)
    data = {"email": email, "name": name, "password": DEMO_PASSWORD}
    return user or auth_services.create_user(data, confirmed=True)


def add_showcase(admin, owner, paths, n, name, site, path, plan, state, city, text):  # noqa: PLR0913
    """Take one showcase listing to its state; 0 if it exists already."""
    url = f"https://{site}.example/"
    if db.session.scalar(select(Listing.id).where(Listing.url == url)):
        return 0
    data = {
        "name": name,
        "url": url,
        "description": text,
        "category_id": paths[path].id,
        "plan": plan,
        "contact_email": f"hello@{site}.example",
        "city": city,
        **showcase_details(site),
    }
    demo_story.play(admin, owner, data, plans.get_plan(plan), state, n)
    return 1


def generate(admin, count: int, days: int) -> int:
    """Bulk-insert `count` approved listings, with their history and index."""
    rng = random.Random(count)  # noqa: S311 (demo data)
    leaves = [c for c in db.session.scalars(select(Category)) if c.depth > 0]
    by_code = {p.code: p for p in plans.list_plans(active_only=False)}
    tag, now = secrets.token_hex(3), utcnow()
    first = (db.session.scalar(select(func.max(Listing.id))) or 0) + 1
    with click.progressbar(length=count, label="Generating listings") as bar:
        for start in range(0, count, 1000):
            size = min(1000, count - start)
            rows = [
                _row(rng, start + i, tag, now, days, leaves, by_code, admin)
                for i in range(size)
            ]
            db.session.execute(insert(Listing), rows)
            bar.update(size)
    last = db.session.scalar(select(func.max(Listing.id)))
    _history(first, last, admin)
    search.index_range(first, last)
    index_hours_range(first, last)
    db.session.commit()
    categories.recount()
    click.echo(f"Directory: {count} listings generated.")
    return count


def _row(rng, n, tag, now, days, leaves, by_code, admin) -> dict:
    name = f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {rng.choice(KINDS)}"
    slug = f"{slugify(name)}-{tag}-{n}"
    roll = rng.random()
    plan = by_code["featured" if roll < 0.02 else "standard" if roll < 0.1 else "free"]
    published = now - timedelta(seconds=rng.randint(60, days * 86400))
    city = rng.choice(CITIES)
    return {
        "name": f"{name} {city}",
        "slug": slug,
        "url": f"https://{slug}.example/",
        "url_key": f"{slug}.example",
        "description": f"{name} in {city}: friendly, local and open six days a "
        f"week. Listing {n} of the demo data set.",
        "category_id": rng.choice(leaves).id,
        "plan_id": plan.id,
        "owner_id": admin.id,
        "contact_email": f"hello@{slug}.example",
        "city": city,
        "status": "approved",
        "featured": int(plan.featured),
        "review_tier": 0 if plan.priority_review else 1,
        "submitted_at": published - timedelta(hours=rng.randint(1, 72)),
        "published_at": published,
        "expires_at": published + timedelta(days=plan.duration_days)
        if plan.duration_days
        else None,
        "click_count": 0,  # the demo's statistics count its clicks
        **generated_details(rng, n),
        "created_at": published,
        "updated_at": published,
    }


def _history(first: int, last: int, admin) -> None:
    """Record the submit and approve moves of the generated listings in bulk."""
    columns = ["listing_id", "action", "from_status", "to_status", "actor_id"]
    columns += ["reason", "created_at"]
    for action, source, target, moment, actor in (
        ("submit", None, "pending", Listing.submitted_at, Listing.owner_id),
        ("approve", "pending", "approved", Listing.published_at, literal(admin.id)),
    ):
        rows = select(
            Listing.id,
            literal(action),
            literal(source),
            literal(target),
            actor,
            literal("demo data"),
            moment,
        ).where(Listing.id.between(first, last))
        db.session.execute(insert(ListingEvent).from_select(columns, rows))
