"""Accounts: registration, sign-in, password reset, roles and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from myapp.auth import confirmation_views, views  # noqa: E402,F401
