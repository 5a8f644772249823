"""Request helpers shared by the HTML views and the JSON API."""

from urllib.parse import urlsplit

from flask import current_app, jsonify, request, url_for
from marshmallow import Schema, ValidationError, fields
from werkzeug.routing import IntegerConverter

PROBLEM_BASE = "https://linchpin.dev/problems/"


ID_MAX = 2**31 - 1


def digits_at_most(limit: int) -> str:
    """A regex for the decimal numbers 0..limit (leading zeros allowed)."""
    text = str(limit)
    alternatives = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(map(int, text)):
        low = 1 if i == 0 else 0
        if digit - 1 >= low:
            rest = len(text) - i - 1
            alternatives.append(f"{text[:i]}[{low}-{digit - 1}][0-9]{{{rest}}}")
    alternatives.append(text)
    return "0*(?:" + "|".join(alternatives) + ")"


class IdConverter(IntegerConverter):
    """`<int:id>` bounded to the id columns' range: a larger number is a 404.

    Without the bound SQLite refuses to bind it (OverflowError, a 500). The
    bound is in the regex, not only in to_python: Werkzeug answers a value that
    to_python refuses with 405 when a rule for another method came first.
    """

    regex = digits_at_most(ID_MAX)

    def __init__(self, url_map, fixed_digits=0, min=None, max=ID_MAX, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


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


def form_payload(form, schema: Schema) -> dict:
    """Turn a form into the dict a schema loads (lists via getlist, blanks dropped).

    A List field with `metadata={"form_split": ","}` takes "a, b" in one input.
    """
    payload = {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if key not in form:
            continue
        if isinstance(field, fields.List):
            values = form.getlist(key)
            if separator := field.metadata.get("form_split"):  # "a, b" in one input
                values = [part.strip() for v in values for part in v.split(separator)]
            values = [v for v in values if v.strip() != ""]
            if values or field.required:
                payload[key] = values
            continue
        value = form.get(key, "")
        if isinstance(value, str) and value.strip() == "" and not field.required:
            continue
        payload[key] = value
    return payload


def load_form(schema: Schema, payload: dict | None = None) -> tuple[dict | None, dict]:
    """Load a form post (or a payload made from it): (data, {}) or (None, errors)."""
    try:
        return schema.load(
            form_payload(request.form, schema) if payload is None else payload
        ), {}
    except ValidationError as err:
        messages = err.messages
        return None, messages if isinstance(messages, dict) else {"_schema": messages}


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
