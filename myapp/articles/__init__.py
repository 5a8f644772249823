"""Publishing: articles, tags, related articles, search, feed and sitemap."""

from flask import Blueprint

bp = Blueprint("articles", __name__)

from myapp.articles import commands, editor, feeds, views  # noqa: E402,F401
