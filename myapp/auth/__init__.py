"""Accounts: registration, sign-in, password reset, roles and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from myapp.auth import views  # noqa: E402,F401
