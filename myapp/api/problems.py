"""OpenAPI components for errors: the Problem schema and a response per status."""

from http import HTTPStatus

from myapp.errors import problem_kinds
from myapp.web import problem_type

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": (
        "integer",
        "Requests allowed in the current window (per token, or per client address "
        "for anonymous calls).",
    ),
    "RateLimit-Remaining": ("integer", "Requests left in the current window."),
    "RateLimit-Reset": (
        "integer",
        "Seconds until the current window ends and the budget is whole again.",
    ),
}
RETRY_AFTER = ("integer", "Seconds to wait before trying again.")
ETAG = (
    "string",
    'Strong validator of this representation (quoted, e.g. "5d41…"); send it back '
    "in If-None-Match to get 304 Not Modified while it is unchanged.",
)


def header(kind: str, description: str) -> dict:
    return {"description": description, "schema": {"type": kind}}


def problem_schema() -> dict:
    """RFC 9457 problem details, with every `type` URI this API can answer with."""
    kinds = problem_kinds()
    types = [problem_type(kind) for kind in kinds] + [problem_type(None)]
    listing = "; ".join(f"`{problem_type(k)}` ({s} {t})" for k, (s, t) in kinds.items())
    return {
        "type": "object",
        "description": "An error, as RFC 9457 application/problem+json.",
        "properties": {
            "type": {
                "type": "string",
                "format": "uri",
                "enum": types,
                "description": "Stable URI naming the kind of error, for scripts to "
                f"branch on: {listing}.",
            },
            "title": {"type": "string", "description": "Short summary of the kind."},
            "status": {"type": "integer", "description": "The HTTP status code."},
            "detail": {"type": "string", "description": "What went wrong, for people."},
            "errors": {
                "type": "object",
                "description": "Validation errors: field name → list of messages "
                "(an object of the same shape for nested fields and list items).",
                "additionalProperties": {"type": ["array", "object"]},
            },
        },
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": False,
    }


def _kinds_for(status: int) -> str:
    names = [f"`{k}`" for k, (s, _) in problem_kinds().items() if s == status]
    return f" Problem types: {', '.join(names)}." if names else ""


def response_component(status: HTTPStatus) -> dict:
    """The reusable response for one status code."""
    response: dict = {"description": status.phrase}
    if status == HTTPStatus.NOT_MODIFIED:
        response["description"] = (
            "Not Modified: the If-None-Match ETag still matches; no body."
        )
        response["headers"] = {"ETag": {"$ref": "#/components/headers/ETag"}}
    elif status >= 400:
        response["description"] = status.phrase + "." + _kinds_for(status)
        response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        response["description"] = (
            "Too Many Requests: the rate limit of this token (or of this client "
            "address, for anonymous calls) is used up; wait Retry-After seconds."
        )
        response["headers"] = {
            "Retry-After": {"$ref": "#/components/headers/Retry-After"},
            **rate_limit_header_refs(),
        }
    return response


def rate_limit_header_refs() -> dict:
    return {
        name: {"$ref": f"#/components/headers/{name}"} for name in RATE_LIMIT_HEADERS
    }


def register_components(spec) -> None:
    """Add the Problem schema, shared headers and parameters to the document."""
    spec.components.schema("Problem", problem_schema())
    for name, (kind, description) in RATE_LIMIT_HEADERS.items():
        spec.components.header(name, header(kind, description))
    spec.components.header("Retry-After", header(*RETRY_AFTER))
    spec.components.header("ETag", header(*ETAG))
    spec.components.parameter(
        "IfNoneMatch",
        "header",
        {
            "name": "If-None-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": "An ETag from an earlier response; 304 if it still matches.",
        },
    )
    for status in HTTPStatus:
        if status >= 300:
            spec.components.response(status.name, response_component(status), lazy=True)
