"""Statistics: per-day view and click counts, the public page and the dashboard."""

from flask import Blueprint

bp = Blueprint("stats", __name__)

from myapp.stats import views  # noqa: E402,F401
