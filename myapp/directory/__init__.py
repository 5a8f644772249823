"""The directory: one blueprint, grouped by what each part does.

catalogue/ (categories, plans), listings/ (the listings, their lifecycle,
edits, review, search and pages), billing/ (orders, payments), linkcheck/
(the HTTP checker and its results); vocabulary.py holds their words.
"""

from flask import Blueprint, current_app

bp = Blueprint("directory", __name__)


def page_size() -> int:
    """How many listings or orders a directory page shows."""
    return current_app.config["DIRECTORY_PAGE_SIZE"]


# The pages register on `bp` when imported.
from myapp.directory import commands, jobs  # noqa: E402,F401
from myapp.directory.billing import views as billing_views  # noqa: E402,F401
from myapp.directory.catalogue import views as catalogue_views  # noqa: E402,F401
from myapp.directory.listings.views import (  # noqa: E402,F401
    account,
    feeds,
    filters,
    members,
    public,
    review,
)
from myapp.directory.trust import views as trust_views  # noqa: E402,F401
