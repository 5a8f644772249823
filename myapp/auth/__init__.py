"""Accounts: registration, sign-in, password reset, roles and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from myapp.auth import confirmation_views, views  # noqa: E402,F401
from myapp.auth.early_reader import EarlyReaders  # noqa: E402
from myapp.page_cache import reads_readers  # noqa: E402

reads_readers(bp, EarlyReaders)
