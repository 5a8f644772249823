"""The AppError family and the one place that turns errors into responses."""

import logging

from flask import current_app, make_response, redirect
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.routing import RequestRedirect

from myapp.error_pages import render_error_page
from myapp.extensions import db

log = logging.getLogger(__name__)


class AppError(Exception):
    """An error a user can be told about; services raise these, never abort()."""

    status = 400
    title = "Bad request"
    kind = "bad-request"

    def __init__(
        self, detail: str | None = None, field: str | None = None, errors=None
    ):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.field = field
        self.errors = errors or ({field: [self.detail]} if field else None)


class NotFoundError(AppError):
    status, title, kind = 404, "Not found", "not-found"


class PermissionDenied(AppError):
    status, title, kind = 403, "Forbidden", "forbidden"


class Unauthorized(AppError):
    status, title, kind = 401, "Unauthorized", "unauthorized"


class ConflictError(AppError):
    status, title, kind = 409, "Conflict", "conflict"


class InvalidInput(AppError):
    status, title, kind = 422, "Validation failed", "validation"


class StateError(AppError):
    """An action that the object's current state does not allow."""

    status, title, kind = 409, "Invalid state transition", "invalid-state"


HTTP_KINDS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    410: "gone",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "rate-limited",
    500: "server-error",
    503: "unavailable",
}


def problem_kinds() -> dict[str, tuple[int, str]]:
    """Every error kind the app answers with, kind → (status, title), for the docs.

    AppError subclasses defined by features count once their module is imported.
    """
    from http import HTTPStatus

    kinds: dict[str, tuple[int, str]] = {}
    pending = [AppError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        kinds.setdefault(cls.kind, (cls.status, cls.title))
    for status, kind in HTTP_KINDS.items():
        kinds.setdefault(kind, (status, HTTPStatus(status).phrase))
    return dict(sorted(kinds.items()))


def error_response(  # noqa: PLR0913 (the problem's fields, plus the page's wait)
    status: int, title: str, detail: str, errors=None, kind=None, page_detail=None
):
    """problem+json for the API; otherwise the site's page, in plain words.

    `page_detail` is the sentence for people: None takes the status's own.
    """
    from myapp.web import problem, wants_json

    if wants_json():
        return problem(status, title, detail, errors=errors, kind=kind)
    return render_error_page(status, title, page_detail)


def _webargs_errors(exc: HTTPException):
    """flask-smorest puts field errors under data["messages"][location]."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not isinstance(messages, dict):
        return None
    merged: dict = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            merged.update(location_errors)
    return merged or messages


def register_error_handlers(app) -> None:
    @app.errorhandler(AppError)
    def handle_app_error(exc: AppError):
        response = make_response(
            error_response(
                exc.status, exc.title, exc.detail, exc.errors, exc.kind, exc.detail
            )
        )
        if retry_after := getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(ValidationError)
    def handle_validation_error(exc: ValidationError):
        messages = (
            exc.messages
            if isinstance(exc.messages, dict)
            else {"_schema": exc.messages}
        )
        return error_response(
            422, "Validation failed", "The input has errors.", messages, "validation"
        )

    @app.errorhandler(SecurityError)
    def handle_untrusted_host(exc: SecurityError):
        """A Host outside TRUSTED_HOSTS: no URL can be built, so plain text."""
        return "Unknown host.\n", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        status = exc.code or 500
        if status == 405 and (home := _page_of_form()):
            return redirect(home, 303)
        errors = _webargs_errors(exc) if status in (400, 422) else None
        detail = exc.description if status != 422 else "The input has errors."
        response = _with_headers(
            error_response(status, exc.name, detail, errors, HTTP_KINDS.get(status)),
            exc,
        )
        if status == 429 and not wants_json_now():
            # The page says when to try again, which only the header knows.
            page, _ = render_error_page(429, exc.name, None, _retry_after(response))
            response.set_data(page)
        return response

    @app.errorhandler(OperationalError)
    def handle_database_unavailable(exc: OperationalError):
        """A lost or refused database connection: 503, and retry on its own later."""
        # Drop the session's connections without a rollback: on a lost link the
        # rollback itself fails, and the pool reconnects once the server is back.
        db.session().invalidate()
        log.error("Database unavailable: %s", exc.orig)
        response = make_response(
            error_response(
                503,
                "Service unavailable",
                "The site cannot reach its database right now.",
                None,
                "unavailable",
            )
        )
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        log.exception("Unhandled error")
        return error_response(
            500,
            "Internal server error",
            "Something went wrong on our side.",
            None,
            "server-error",
        )


def _page_of_form() -> str | None:
    """For a GET on a form's POST-only address, the page that form lives on.

    A reload or a shared link of /admin/listings/13/suspend shows the listing
    (/admin/listings/13), never a bare 405: the nearest parent path with a
    page. None for the API and for other methods.
    """
    from flask import request

    if request.method not in ("GET", "HEAD") or wants_json_now():
        return None
    adapter = current_app.url_map.bind_to_environ(request.environ)
    path = request.path.rstrip("/")
    while path:
        path = path.rsplit("/", 1)[0]
        try:
            adapter.match(path or "/", method="GET")
        except RequestRedirect:
            return path or "/"
        except HTTPException:
            continue
        return path or "/"
    return "/"


def wants_json_now() -> bool:
    from myapp.web import wants_json

    return wants_json()


def _retry_after(response) -> int | None:
    """Seconds until the breached limit resets (the header comes later)."""
    import time

    from myapp.extensions import limiter

    header = response.headers.get("Retry-After", "")
    if header.isdigit():
        return int(header)
    current = limiter.current_limit
    return max(int(current.reset_at - time.time()), 1) if current else None


def _with_headers(response, exc: HTTPException):
    """Keep headers such as Allow and Retry-After that the exception carries."""
    response = make_response(response)
    original = exc.get_response()
    for name in ("Allow", "Retry-After", "WWW-Authenticate"):
        if name in original.headers:
            response.headers[name] = original.headers[name]
    return response
