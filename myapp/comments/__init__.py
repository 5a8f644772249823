"""Reader comments: the Leave a Reply form, threads, spam defences, moderation."""

from flask import Blueprint

bp = Blueprint("comments", __name__)

from myapp.comments import views  # noqa: E402,F401
