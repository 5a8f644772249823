"""The admin's audit log page."""

from flask import render_template, request
from flask_login import current_user, login_required

from myapp.audit import bp, services
from myapp.policy import authorize


@bp.get("/admin/audit")
@login_required
def index():
    """List audit entries, newest first."""
    authorize(current_user, "audit.view")
    page = services.list_entries(
        request.args.get("cursor"), action=request.args.get("action") or None
    )
    return render_template("admin/audit.html", page=page)
