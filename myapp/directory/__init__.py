"""The directory: categories, listings, plans, orders, payments and their review."""

from flask import Blueprint

bp = Blueprint("directory", __name__)
