"""Statistics API: a site summary and one object's daily series (editors+)."""

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, requires, token_required
from myapp.stats import schemas, services


@bp.get("/stats/summary")
@token_required
@requires("stats.view")
@bp.response(200, schemas.SummaryOut)
@bp.alt_response(403, description="Editors only.")
@bp.doc(security=BEARER)
def get_stats_summary():
    """Totals, the last 30 days of views and clicks, and the review queue."""
    return services.summary()


@bp.get("/stats/timeseries")
@token_required
@requires("stats.view")
@bp.arguments(schemas.TimeseriesQuery, location="query")
@bp.response(200, schemas.TimeseriesOut)
@bp.alt_response(403, description="Editors only.")
@bp.alt_response(404, description="No such article or listing.")
@bp.doc(security=BEARER)
def get_stats_timeseries(args):
    """Views or clicks per day for one article or listing; empty days are 0."""
    return services.timeseries(
        args["metric"], args["object"], args["from_"], args["to"], api_user()
    )
