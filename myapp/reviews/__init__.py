"""Listing reviews: ratings by confirmed members, owners' replies, moderation."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)

from myapp.reviews import parts  # noqa: E402
from myapp.reviews.vocabulary import LABELS  # noqa: E402

bp.add_app_template_global(parts.review_section)
bp.add_app_template_global(parts.rating_of)
bp.add_app_template_filter(lambda status: LABELS.get(status, status), "review_status")

from myapp.reviews import admin_views, views  # noqa: E402,F401
