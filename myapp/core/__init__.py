"""Site-wide pages: home, health checks, robots.txt."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from myapp.core import views  # noqa: E402,F401
