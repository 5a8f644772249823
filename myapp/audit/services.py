"""Write and read audit entries; the caller's transaction commits them."""

from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.extensions import db
from myapp.pagination import Page, keyset_page


def record(actor, action: str, obj, detail: str = "") -> AuditEntry:
    """Add an entry for `actor` doing `action` to `obj` (committed by the caller)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=obj.__tablename__ if hasattr(obj, "__tablename__") else str(obj),
        object_id=getattr(obj, "id", None),
        detail=detail[:500],
    )
    db.session.add(entry)
    return entry


def list_entries(
    cursor: str | None = None, limit: int = 50, action: str | None = None
) -> Page:
    stmt = select(AuditEntry)
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    return keyset_page(stmt, [AuditEntry.id], cursor, limit)
