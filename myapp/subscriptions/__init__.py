"""E-mail subscriptions: readers follow articles, tags or categories by digest."""

from flask import Blueprint

bp = Blueprint("subscriptions", __name__)

from myapp.subscriptions import commands, views  # noqa: E402,F401
