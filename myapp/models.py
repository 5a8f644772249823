"""Every model, imported in one place so metadata is complete for Alembic."""

from myapp.audit.models import AuditEntry
from myapp.auth.models import ApiToken, User
from myapp.stats.models import DailyCount

__all__ = ["ApiToken", "AuditEntry", "DailyCount", "User"]
