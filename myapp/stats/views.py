"""The public statistics page."""

from flask import render_template

from myapp.stats import bp, services


@bp.get("/stats")
def index():
    """Totals, top categories and newest listings: how big the site is."""
    return render_template(
        "stats/index.html",
        totals=services.public_totals(),
        top_categories=services.top_categories(),
        newest=services.newest_listings(),
    )
