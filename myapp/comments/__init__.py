"""Reader comments: the Leave a Reply form, threads, spam defences, moderation."""

from flask import Blueprint

bp = Blueprint("comments", __name__)
