"""Admin dashboard: traffic, rankings, submissions, revenue and the review queue."""

from flask import Response, render_template, request
from flask_login import current_user, login_required

from myapp.admin import bp
from myapp.errors import NotFoundError
from myapp.policy import authorize, can
from myapp.stats import dashboard


def _tables(days: int) -> dict:
    if can(current_user, "stats.view"):
        return dashboard.full_dashboard(days)
    authorize(current_user, "stats.view_own")
    return dashboard.author_dashboard(current_user, days)


@bp.get("")
@login_required
def index():
    """The dashboard; `?format=csv&table=<name>` gives one of its tables as CSV."""
    authorize(current_user, "admin.enter")
    days = dashboard.period_from(request.args.get("days"))
    if request.args.get("format") == "csv":
        return stats_csv(request.args.get("table", ""))
    return render_template(
        "admin/index.html",
        tables=_tables(days),
        days=days,
        periods=dashboard.PERIODS,
        full=can(current_user, "stats.view"),
    )


@bp.get("/stats/<name>.csv")
@login_required
def stats_csv(name):
    """One dashboard table as a CSV download, for the same period as the page."""
    authorize(current_user, "admin.enter")
    days = dashboard.period_from(request.args.get("days"))
    table = _tables(days).get(name)
    if table is None:
        raise NotFoundError("No such statistics table.")
    filename = f"linchpin-{name}-{days}d.csv"
    return Response(
        table.to_csv(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
