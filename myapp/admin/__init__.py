"""The admin area's home: dashboard and the moderation inbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from myapp.admin import queue, views  # noqa: E402,F401
