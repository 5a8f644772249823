"""The OpenAPI 3.1 document: flask-smorest's Api, completed with the errors we give.

Feature modules document what is theirs (arguments, the success response, and
any error only they know of, e.g. `@bp.alt_response(409, description=...)`).
`StandardResponses` adds, per operation, the problem+json answers that follow
from its shape, so every operation documents every status it can return:

- 429 (with Retry-After and RateLimit-* headers) everywhere;
- 401 where a token is required (`security`), and 403 for its writes (a
  read-only token, or a role that may not); 409 for its POST/PUT/PATCH, where
  uniqueness and state rules (ConflictError, StateError) apply;
- 404 where the path has a parameter;
- 400 and 413 where there is a JSON body; 422 where there are arguments;
- 400 where a `cursor` is accepted;
- If-None-Match and the ETag header where 304 is documented (see caching.etag).

An error response documented without content gets the Problem schema. A
token-protected read that only some roles may make documents its 403 itself:
`@bp.alt_response(403, description="Editors only.")`.
"""

from apispec import BasePlugin
from flask import current_app
from flask_smorest import Api

from myapp.api import bp
from myapp.api.caching import etag
from myapp.api.problems import (
    PROBLEM_MEDIA_TYPE,
    PROBLEM_REF,
    rate_limit_header_refs,
    register_components,
)

WRITE_METHODS = ("post", "put", "patch", "delete")
API_DESCRIPTION = """\
Linchpin's JSON API, for scripts. Authenticate with a personal token
(`Authorization: Bearer lp_…`, from `POST /api/v1/tokens` or your account page).

- **Errors** are `application/problem+json` (RFC 9457) with `type`, `title`,
  `status`, `detail` and, for 422, `errors: {field: [messages]}`. Branch on
  `type`: each kind of error has a stable URI (see the `Problem` schema).
- **Lists** are `{"items": [...], "next_cursor": "…" | null}`; pass
  `?cursor=<next_cursor>` for the next page and `?limit=` (max 100).
- **Rate limits** apply per token, or per client address for anonymous calls;
  every response carries `RateLimit-Limit`, `RateLimit-Remaining` and
  `RateLimit-Reset`, and a 429 carries `Retry-After`.
- **Caching**: responses with an `ETag` answer `304 Not Modified` to a matching
  `If-None-Match`.
"""


def standard_statuses(path: str, method: str, operation: dict) -> list[int]:
    """The error statuses an operation can give because of its shape."""
    statuses = [429]
    if operation.get("security"):
        statuses.append(401)
        if method in WRITE_METHODS:
            statuses.append(403)
        if method in ("post", "put", "patch"):
            statuses.append(409)
    if "{" in path:
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [400, 413, 422]
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "query" for p in parameters if isinstance(p, dict)):
        statuses.append(422)
    if any(p.get("name") == "cursor" for p in parameters if isinstance(p, dict)):
        statuses.append(400)
    return statuses


def complete_operation(path: str, method: str, operation: dict) -> None:
    """Add the standard responses, problem content and caching/rate-limit headers."""
    from http import HTTPStatus

    responses = operation.setdefault("responses", {})
    for code in list(responses):
        responses[str(code)] = responses.pop(code)
    for status in standard_statuses(path, method, operation):
        responses.setdefault(str(status), HTTPStatus(status).name)
    for code, response in responses.items():
        if not isinstance(response, dict):
            continue
        if int(code) >= 400 and not response.get("content"):
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}
        if 200 <= int(code) < 300:
            headers = response.setdefault("headers", {})
            for name, ref in rate_limit_header_refs().items():
                headers.setdefault(name, ref)
            if "304" in responses and code == "200":
                headers.setdefault("ETag", {"$ref": "#/components/headers/ETag"})
    if "304" in responses:
        operation.setdefault("parameters", []).append("IfNoneMatch")


class StandardResponses(BasePlugin):
    """apispec plugin running complete_operation on every documented operation."""

    def operation_helper(self, path=None, operations=None, rule=None, **kwargs):
        operations = operations or {}
        for method, operation in operations.items():
            complete_operation(path, method, operation)
            if rule is not None:  # the endpoint (verb_noun) names it for generators
                name = rule.endpoint.rsplit(".", 1)[-1]
                unique = name if len(operations) == 1 else f"{method}_{name}"
                operation.setdefault("operationId", unique)


class LinchpinApi(Api):
    """flask-smorest's Api with our problem+json responses and no catch-all default.

    No `default` response: each status an operation can give is listed, so an
    undocumented one is a bug the schemathesis run finds.
    """

    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, app=None):
        super().__init__(
            app,
            spec_kwargs={
                "extra_plugins": [StandardResponses()],
                "info": {"description": API_DESCRIPTION},
            },
        )

    def _register_responses(self):
        register_components(self.spec)
        self.spec.components.security_scheme(
            "bearerAuth",
            {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token (lp_…); read-only tokens "
                "get 403 on writes.",
            },
        )


@bp.get("/openapi.json")
@etag
@bp.doc(
    responses={
        "200": {
            "description": "This document.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
)
def openapi_document():
    """This API's OpenAPI 3.1 document, generated from its schemas."""
    return current_app.extensions["linchpin_api"].spec.to_dict()
