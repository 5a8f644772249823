"""Request ids, security headers, proxy trust and the request log, for every request."""

import itertools
import logging
import re
import secrets

from flask import g, request

PERSONAL_PREFIXES = ("/account", "/admin")
NO_STORE = "private, no-store"
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
    # flask-limiter: its storage going away and coming back (Redis outages).
    for name in ("myapp", "flask-limiter"):
        root = logging.getLogger(name)
        if not any(
            isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters
        ):
            root.addHandler(handler)
        root.setLevel(logging.INFO)
    logging.getLogger("flask-limiter").propagate = False
    app.logger.handlers = [handler]


def is_personal(response) -> bool:
    """Pages for one person (signed in, account, admin, CSV): no cache may keep them.

    Flask-Login keeps the loaded user in g._login_user; reading it there does
    not load a user for anonymous requests that never asked for one.
    """
    user = g.get("_login_user")
    return (
        (user is not None and user.is_authenticated)
        or request.path.startswith(PERSONAL_PREFIXES)
        or response.mimetype == "text/csv"
    )


# New request ids: this process's random prefix and a counter, 32 hex digits
# like a UUID's, unique across processes without a system call per request.
_PROCESS = secrets.token_hex(8)
_numbers = itertools.count()


def request_id(incoming: str) -> str:
    """The caller's request id if it looks like one, else a new one."""
    if REQUEST_ID_PATTERN.match(incoming):
        return incoming
    return f"{_PROCESS}{next(_numbers):016x}"


def register_security(app) -> None:
    configure_logging(app)
    from myapp import proxies, request_log

    request_log.init_app(app)  # inside the proxy layer: logs the resolved client
    proxies.init_app(app)

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
        if is_personal(response):
            response.headers["Cache-Control"] = NO_STORE
        if app.config["HSTS"]:
            response.headers["Strict-Transport-Security"] = (
                "max-age=31536000; includeSubDomains"
            )
        return response
