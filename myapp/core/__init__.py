"""Site-wide endpoints: the health checks."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from myapp.core import site, views  # noqa: E402,F401
