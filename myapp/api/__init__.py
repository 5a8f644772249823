"""The JSON API at /api/v1: one flask-smorest blueprint, documented by OpenAPI."""

from flask_smorest import Blueprint

from myapp.extensions import csrf

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Linchpin's JSON API for scripts.",
)

from myapp.api import (  # noqa: E402,F401
    articles,
    comments,
    directory,
    openapi,
    outbox,
    payments,
    stats,
    subscriptions,
    tokens,
    webhooks,
)
from myapp.api.limits import limit_api, register_header_fix  # noqa: E402

limit_api(bp)


def init_app(app) -> None:
    """Register the API; our error handlers are registered after and win."""
    api = openapi.LinchpinApi(app)
    app.extensions["linchpin_api"] = api
    csrf.exempt(bp)
    api.register_blueprint(bp)
    register_header_fix(app)
