"""Plans: what a listing costs, how long it lasts and what it gets."""

from sqlalchemy import select, update

from myapp.audit.services import record
from myapp.database import unit_of_work, utcnow
from myapp.directory.models import PENDING, Listing, Plan
from myapp.errors import InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize

# The rows migration 0004 seeds; tests and demo databases made by create_all
# get them from ensure_default_plans().
DEFAULT_PLANS = (
    {
        "code": "free",
        "name": "Free",
        "description": "A plain listing that never expires. Needs a link back to us.",
        "price_cents": 0,
        "currency": "EUR",
        "duration_days": None,
        "featured": False,
        "priority_review": False,
        "backlink_required": True,
        "active": True,
        "position": 1,
        "photo_limit": 1,
    },
    {
        "code": "standard",
        "name": "Standard",
        "description": "Listed for a year and reviewed first. As a paid link "
        "it is marked “sponsored” for search engines.",
        "price_cents": 4900,
        "currency": "EUR",
        "duration_days": 365,
        "featured": False,
        "priority_review": True,
        "backlink_required": False,
        "active": True,
        "position": 2,
        "photo_limit": 5,
    },
    {
        "code": "featured",
        "name": "Featured",
        "description": "Shown first in its categories and marked “Featured”, "
        "for a year, reviewed first. Marked “sponsored” for search engines.",
        "price_cents": 14900,
        "currency": "EUR",
        "duration_days": 365,
        "featured": True,
        "priority_review": True,
        "backlink_required": False,
        "active": True,
        "position": 3,
        "photo_limit": 12,
    },
)


@unit_of_work
def ensure_default_plans() -> list[Plan]:
    """Create the three default plans where missing (idempotent)."""
    existing = {p.code for p in db.session.scalars(select(Plan))}
    now = utcnow()
    for row in DEFAULT_PLANS:
        if row["code"] not in existing:
            db.session.add(Plan(**row, created_at=now, updated_at=now))
    return list_plans(active_only=False)


def list_plans(active_only: bool = True) -> list[Plan]:
    stmt = select(Plan).order_by(Plan.position, Plan.id)
    if active_only:
        stmt = stmt.where(Plan.active.is_(True))
    return list(db.session.scalars(stmt))


def plans_page(cursor: str | None, limit: int) -> Page:
    """A page of the active plans, in display order (the API's list)."""
    stmt = select(Plan).where(Plan.active.is_(True))
    return keyset_page(stmt, [Plan.position, Plan.id], cursor, limit, descending=False)


def get_plan(code: str) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        raise NotFoundError("No such plan.")
    return plan


def plan_for_submission(code: str) -> Plan:
    """An active plan by code, or a field error on `plan`."""
    plan = db.session.scalar(
        select(Plan).where(Plan.code == code, Plan.active.is_(True))
    )
    if plan is None:
        raise InvalidInput("Choose one of the plans offered.", field="plan")
    return plan


@unit_of_work
def update_plan(actor, plan: Plan, data: dict) -> Plan:
    """Change a plan; its listings' featured mark and queue place follow."""
    authorize(actor, "plan.manage")
    price = data.get("price_cents", plan.price_cents)
    duration = data.get("duration_days", plan.duration_days)
    if price > 0 and not duration:
        # A paid term must end: renewals and upgrades add duration_days to it.
        raise InvalidInput(
            "A paid plan needs a duration in days.", field="duration_days"
        )
    changes = []
    for key, value in data.items():
        if getattr(plan, key) != value:
            changes.append(f"{key}: {getattr(plan, key)} → {value}")
            setattr(plan, key, value)
    if "featured" in data:
        db.session.execute(
            update(Listing)
            .where(Listing.plan_id == plan.id)
            .values(featured=int(plan.featured))
            .execution_options(synchronize_session=False)
        )
    if "priority_review" in data:
        db.session.execute(
            update(Listing)
            .where(Listing.plan_id == plan.id, Listing.status == PENDING)
            .values(review_tier=0 if plan.priority_review else 1)
            .execution_options(synchronize_session=False)
        )
    if changes:
        record(actor, "plan.update", plan, "; ".join(changes))
    return plan
