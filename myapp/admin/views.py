"""Admin dashboard."""

from flask import render_template
from flask_login import current_user, login_required

from myapp.admin import bp
from myapp.policy import authorize


@bp.get("")
@login_required
def index():
    """The dashboard: what needs attention and how the site is doing."""
    authorize(current_user, "admin.enter")
    return render_template("admin/index.html")
