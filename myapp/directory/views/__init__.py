"""Directory pages: public, members', editors' and admins'."""

from myapp.directory.views import display  # noqa: F401
