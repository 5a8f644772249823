"""The directory: categories, listings, plans, orders, payments and their review."""

from flask import Blueprint

bp = Blueprint("directory", __name__)

from myapp.directory import commands, jobs, views  # noqa: E402,F401
from myapp.directory.services import search  # noqa: E402,F401 (full-text DDL)
