"""Request ids, security headers and proxy trust, applied to every response."""

import logging
import re
import uuid

from flask import g, request
from werkzeug.middleware.proxy_fix import ProxyFix

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request it was written in."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:
            record.request_id = "-"
        return True


def configure_logging(app) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        logging.Formatter(
            "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        )
    )
    root = logging.getLogger("myapp")
    if not any(
        isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters
    ):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    app.logger.handlers = [handler]


def request_id(incoming: str) -> str:
    """The caller's request id if it looks like one, else a new one."""
    return incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex


def register_security(app) -> None:
    configure_logging(app)
    x_for, x_proto = app.config["PROXY_FIX_X_FOR"], app.config["PROXY_FIX_X_PROTO"]
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto, x_host=0)

    @app.before_request
    def assign_request_id():
        g.request_id = request_id(request.headers.get("X-Request-ID", ""))

    @app.after_request
    def security_headers(response):
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        if app.config["HSTS"]:
            response.headers["Strict-Transport-Security"] = (
                "max-age=31536000; includeSubDomains"
            )
        return response
