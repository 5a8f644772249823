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
from myapp.directory.models import Category, Listing, ListingEvent
from myapp.directory.services import (
    categories,
    category_admin,
    lifecycle,
    listings,
    orders,
    plans,
    review,
    search,
)
from myapp.directory.services.slugs import slugify
from myapp.extensions import db

TREE = {
    "Shops": {
        "Food & Drink": ["Bakeries", "Coffee Roasters", "Delicatessens"],
        "Books & Music": ["Bookshops", "Record Stores"],
        "Home & Garden": [],
    },
    "Services": {
        "Trades": ["Plumbers", "Electricians"],
        "Health": ["Physiotherapy", "Dentists"],
        "Professional": ["Accountants", "Lawyers"],
    },
    "Technology": {"Web Development": [], "Hosting": [], "Software": []},
    "Travel": {"Hotels": [], "Guides": [], "Camping": []},
    "Arts": {"Galleries": [], "Studios": []},
}
OWNERS = (
    ("rosa@example.com", "Rosa Baker"),
    ("tom@example.com", "Tom Reyes"),
    ("ines@example.com", "Inès Moreau"),
)
DEMO_PASSWORD = "linchpin-member"  # noqa: S105 (demo accounts only)

# (name, site, category path, plan, state, city, description)
SHOWCASE = (
    ("Crumb & Crust Bakery", "crumb-and-crust", "shops/food-drink/bakeries",
     "featured", "approved", "Ghent",
     "Sourdough, rye and seeded loaves from a wood-fired oven, baked before "
     "dawn every day but Monday. Pastries at the weekend, flour and starter "
     "for home bakers."),
    ("Northside Coffee Roasters", "northside-roasters",
     "shops/food-drink/coffee-roasters", "standard", "approved", "Leeds",
     "Small-batch roastery with a tasting bar: single origins, a house espresso "
     "blend and brewing classes on Saturday mornings."),
    ("Paper Lantern Books", "paper-lantern-books", "shops/books-music/bookshops",
     "free", "approved", "Bristol",
     "Independent bookshop with a strong poetry shelf, a children's corner and "
     "monthly readings by local authors."),
    ("Groove Cellar Records", "groove-cellar", "shops/books-music/record-stores",
     "free", "broken", "Manchester",
     "New and second-hand vinyl, mostly soul, jazz and reggae. We buy collections "
     "and clean every record before it goes on the shelf."),
    ("Brightwire Electricians", "brightwire", "services/trades/electricians",
     "standard", "pending", "Utrecht",
     "Certified electricians for homes and small offices: rewiring, fuse boxes, "
     "EV chargers and safety inspections with a written report."),
    ("Flowstate Physio", "flowstate-physio", "services/health/physiotherapy",
     "free", "pending", "Lyon",
     "Sports and rehabilitation physiotherapy, evening appointments available, "
     "home visits for patients with limited mobility."),
    ("Harbour View Hotel", "harbour-view-hotel", "travel/hotels",
     "featured", "awaiting_payment", "Porto",
     "Twelve rooms above the old harbour, breakfast on the roof terrace and "
     "bicycles for guests at no extra cost."),
    ("Quickfix Plumbing Deals", "quickfix-deals", "services/trades/plumbers",
     "free", "rejected", "Madrid",
     "Best plumbing deals coupons click here for the best plumbing deals today."),
    ("Pixel Forge Studio", "pixel-forge", "technology/web-development",
     "standard", "expired", "Berlin",
     "A two-person studio building accessible websites for charities and small "
     "businesses, with hosting and care plans."),
    ("Lucky Spin Software", "lucky-spin", "technology/software",
     "free", "suspended", "Valletta",
     "Apps and tools for online players, with bonus codes updated every week."),
    ("Trailhead Camping Co", "trailhead-camping", "travel/camping",
     "free", "edited", "Annecy",
     "Lakeside pitches, wooden cabins and a small shop for walkers on the "
     "mountain trails; open April to October."),
    ("Ledger & Line Accountants", "ledger-and-line",
     "services/professional/accountants", "standard", "expiring", "Dublin",
     "Accounts, payroll and tax returns for freelancers and small companies, "
     "with fixed monthly fees and a real person to call."),
)  # fmt: skip


def seed(admin, options: dict) -> None:
    """Add the directory's demo content (and `--listings N` generated ones)."""
    plans.ensure_default_plans()
    paths = ensure_tree(admin)
    owners = [ensure_owner(email, name) for email, name in OWNERS]
    added = 0
    for n, row in enumerate(SHOWCASE):
        added += add_showcase(admin, owners[n % len(owners)], paths, *row)
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


def ensure_owner(email: str, name: str):
    user = auth_services.get_user_by_email(email)
    data = {"email": email, "name": name, "password": DEMO_PASSWORD}
    return user or auth_services.create_user(data)


def add_showcase(admin, owner, paths, name, site, path, plan, state, city, text):
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
    }
    listing, order = listings.submit_listing(owner, data)
    if state == "awaiting_payment":
        order.created_at = utcnow() - timedelta(days=9)  # shows in the inbox
        db.session.commit()
        return 1
    if order is not None:
        orders.mark_paid(admin, order, "Demo bank transfer")
    if state == "pending":
        return 1
    if state == "rejected":
        review.reject_listing(admin, listing, "The site is a page of ads.")
        return 1
    review.approve_listing(admin, listing)
    _finish(admin, listing, state)
    return 1


def _finish(admin, listing, state):
    now = utcnow()
    if state == "suspended":
        review.suspend_listing(admin, listing, "Misleading gambling offers.")
    elif state == "expired":
        listing.expires_at = now - timedelta(days=3)
        lifecycle.apply(listing, "expire", None, "The listing's term ended.")
    elif state == "expiring":
        listing.expires_at = now + timedelta(days=10)
    elif state == "broken":
        listing.link_status, listing.link_failures = "broken", 3
        listing.link_error, listing.link_checked_at = "HTTP 503", now
    elif state == "edited":
        db.session.commit()
        changed = listing.description + " Dogs welcome on a lead."
        listings.update_listing(listing.owner, listing, {"description": changed})
    db.session.commit()


WORDS_A = (
    "Blue", "Golden", "Little", "Northern", "Old", "Quiet", "Red", "Silver",
    "Sunny", "Urban", "Wild", "Green", "Copper", "Harbour", "Maple", "Stone",
)  # fmt: skip
WORDS_B = (
    "Oak", "River", "Lantern", "Fox", "Anchor", "Meadow", "Bridge", "Compass",
    "Heron", "Orchard", "Pine", "Willow", "Thistle", "Cedar", "Lark", "Beacon",
)  # fmt: skip
KINDS = (
    "Bakery", "Books", "Studio", "Workshop", "Cafe", "Garage", "Clinic",
    "Gallery", "Hostel", "Tailors", "Florist", "Print Shop", "Bike Repair",
)  # fmt: skip
CITIES = ("Ghent", "Leeds", "Lyon", "Porto", "Turin", "Utrecht", "Cork", "Graz")


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
        "click_count": rng.randint(0, 400),
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
