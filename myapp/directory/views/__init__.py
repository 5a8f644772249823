"""Directory pages: public, members', editors' and admins'."""

from myapp.directory.views import (  # noqa: F401
    account,
    catalogue,
    display,
    orders,
    public,
    review,
    submit,
)
