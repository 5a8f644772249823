"""Request helpers shared by the HTML views and the JSON API."""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, jsonify, render_template, request, url_for
from marshmallow import Schema, ValidationError, fields

from myapp.errors import AppError, NotFoundError, PermissionDenied

PROBLEM_BASE = "https://linchpin.dev/problems/"


def wants_json() -> bool:
    """JSON for the API (by blueprint or path, so routing 404s count too)."""
    return request.blueprint == "api" or request.path.startswith("/api/")


def problem_type(kind: str | None) -> str:
    """The stable type URI of an error kind (RFC 9457 "about:blank" when none)."""
    return PROBLEM_BASE + kind if kind else "about:blank"


def problem(status: int, title: str, detail: str, errors=None, kind=None):
    """An RFC 9457 application/problem+json response."""
    body = {
        "type": problem_type(kind),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def form_payload(form, schema: Schema, prefix: str = "") -> dict:
    """A form post as the dict `schema` loads: the shape its JSON twin sends.

    - a blank optional field is None if the field allows None, else left out
      (the schema's default applies);
    - a field with `metadata={"form": "checkbox"}` is False when not sent (an
      unticked box sends nothing) or blank; partial schemas leave it out;
    - a Nested field is read from dotted keys (`address.city`);
    - a List field from every value of its key (`getlist`); with
      `metadata={"form_split": ","}` one input may hold "a, b".

    Keys the schema does not load (csrf_token, buttons) are not passed on.
    """
    payload = {}
    for name, field in schema.load_fields.items():
        key = prefix + (field.data_key or name)
        value = _form_value(form, field, key, schema.partial)
        if value is not _ABSENT:
            payload[field.data_key or name] = value
    return payload


_ABSENT = object()


def _form_value(form, field, key: str, partial):
    if field.metadata.get("form") == "checkbox":
        if key not in form:
            return _ABSENT if partial else False
        return form[key] if form[key].strip() else False
    if isinstance(field, fields.Nested):
        nested = form_payload(form, field.schema, f"{key}.")
        return nested if nested else _ABSENT
    if isinstance(field, fields.List):
        values = form.getlist(key)
        if separator := field.metadata.get("form_split"):
            values = [part.strip() for v in values for part in v.split(separator)]
        values = [v for v in values if v.strip() != ""]
        return values if values or (key in form and field.required) else _ABSENT
    if key not in form:
        return _ABSENT
    value = form.get(key, "")
    if value.strip() == "" and not field.required:
        return None if field.allow_none else _ABSENT
    return value


def field_errors(messages, prefix: str = "") -> dict:
    """Schema or service errors by dotted field name: {"address.city": [...]}."""
    if not isinstance(messages, dict):
        return {"_schema": messages if isinstance(messages, list) else [messages]}
    flat = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(field_errors(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@dataclass
class FormPost:
    """What one form post came to: the action's result, or the form's errors."""

    result: Any = None
    errors: dict = dataclass_field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def post_form(schema: Schema, action: Callable[[dict], Any], form=None) -> FormPost:
    """Load the posted form through `schema`, then call `action(data)`.

    The one way an HTML form is handled: a ValidationError becomes errors
    beside each field; an AppError goes beside its field, or at the top of
    the form ("_schema"). A missing object or a refused permission is not the
    form's fault: NotFoundError and PermissionDenied answer 404 and 403.
    """
    form = request.form if form is None else form
    try:
        data = schema.load(form_payload(form, schema))
    except ValidationError as err:
        return FormPost(errors=field_errors(err.messages))
    try:
        return FormPost(result=action(data))
    except (NotFoundError, PermissionDenied):
        raise
    except AppError as exc:
        return FormPost(errors=field_errors(exc.errors or [exc.detail]))


def form_page(template: str, errors: dict | None = None, **context):
    """Render a form page; with errors it is a 422 and keeps the posted values."""
    context.setdefault("form", request.form)
    return render_template(template, errors=errors or {}, **context), (
        422 if errors else 200
    )


def safe_next(target: str | None, default_endpoint: str = "articles.index") -> str:
    """Only a relative path on this site; anything else goes to the default page."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not any(ord(c) < 32 for c in target)
        ):
            return target
    return url_for(default_endpoint)


def only_posts_count() -> bool:
    """`exempt_when` for HTML limits: reading a form is free, sending one counts."""
    return request.method != "POST"


def auth_rate_limit() -> str:
    """The per-client limit on sign-in, registration, reset and token creation."""
    return current_app.config["AUTH_RATE_LIMIT"]


def absolute_url(endpoint: str, **values) -> str:
    """An address on the public site (SITE_URL), whatever host the request used."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def reads_without_limits() -> bool:
    """True for a page read (GET/HEAD outside the API): no HTML read has a limit.

    The HTML limits (sign-in, comments, submissions) count POSTs only, so
    Flask-Limiter's per-request work of resolving and filtering limits is
    skipped for readers; the API keeps its budget on every call.
    """
    return request.method in ("GET", "HEAD") and not wants_json()
