"""The directory: categories, listings, plans, orders, payments and their review."""

from flask import Blueprint, current_app

bp = Blueprint("directory", __name__)


def page_size() -> int:
    """How many listings or orders a directory page shows."""
    return current_app.config["DIRECTORY_PAGE_SIZE"]


from myapp.directory import commands, views  # noqa: E402,F401
from myapp.directory.services import search  # noqa: E402,F401 (full-text DDL)
