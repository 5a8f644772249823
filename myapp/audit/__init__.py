"""The audit log: who did what, to which object, and when."""

from flask import Blueprint

bp = Blueprint("audit", __name__)

from myapp.audit import views  # noqa: E402,F401
