"""The JSON API at /api/v1: one flask-smorest blueprint, documented by OpenAPI."""

from flask_smorest import Api, Blueprint

from myapp.extensions import csrf

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Linchpin's JSON API for scripts.",
)
api = Api()

from myapp.api import articles, comments, tokens  # noqa: E402,F401


def init_app(app) -> None:
    """Register the API; our error handlers are registered after and win."""
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "A personal API token."},
    )
    csrf.exempt(bp)
    api.register_blueprint(bp)
