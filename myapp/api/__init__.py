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
    billing,
    catalogue,
    comments,
    listings,
    media,
    openapi,
    outbox,
    reviews,
    stats,
    subscriptions,
    tokens,
    trust,
    webhooks,
)
from myapp.api.auth import refuse_read_only_writes  # noqa: E402
from myapp.api.limits import limit_api, register_header_fix  # noqa: E402
from myapp.converters import ID_MAX, IdConverter  # noqa: E402

limit_api(bp)
bp.before_request(refuse_read_only_writes)


def id_parameter(converter) -> dict:
    """How an `<id:...>` path parameter reads in the OpenAPI document."""
    return {"type": "integer", "minimum": 0, "maximum": ID_MAX}


def init_app(app) -> None:
    """Register the API; our error handlers are registered after and win."""
    api = openapi.LinchpinApi(app)
    api.register_converter(IdConverter, id_parameter)
    app.extensions["linchpin_api"] = api
    csrf.exempt(bp)
    api.register_blueprint(bp)
    register_header_fix(app)
