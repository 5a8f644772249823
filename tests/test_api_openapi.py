"""The OpenAPI document: valid 3.1, complete, and in step with the routes."""

import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from myapp import create_app
from myapp.errors import problem_kinds
from myapp.web import problem_type

IGNORED_METHODS = {"HEAD", "OPTIONS"}
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def routes(app) -> set[tuple[str, str]]:
    """(METHOD, /path/{param}) for every rule under /api/v1."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            found |= {(m, path) for m in rule.methods - IGNORED_METHODS}
    return found


def documented(document) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def mismatches(app, document) -> dict[str, set]:
    return {
        "undocumented routes": routes(app) - documented(document),
        "documented but not routed": documented(document) - routes(app),
    }


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    OpenAPIV31SpecValidator(document).validate()


def test_every_api_route_is_documented_and_every_path_routed(app, document):
    assert mismatches(app, document) == {
        "undocumented routes": set(),
        "documented but not routed": set(),
    }


def test_route_check_catches_both_directions(document):
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    app.add_url_rule("/api/v1/hidden/<int:item_id>", "hidden", lambda item_id: "")
    document["paths"]["/api/v1/ghost"] = {"get": {"responses": {}}}
    assert mismatches(app, document) == {
        "undocumented routes": {("GET", "/api/v1/hidden/{item_id}")},
        "documented but not routed": {("GET", "/api/v1/ghost")},
    }


def test_every_operation_documents_success_and_its_errors(document):
    for method, path, operation in operations(document):
        statuses = set(operation["responses"])
        label = f"{method.upper()} {path}"
        assert any(s.startswith("2") for s in statuses), label
        assert "429" in statuses, label
        assert "default" not in statuses, label
        if operation.get("security"):
            assert "401" in statuses, label
        if "{" in path:
            assert "404" in statuses, label
        if "requestBody" in operation:
            assert {"400", "422"} <= statuses, label


def test_error_responses_are_problem_json(document):
    components = document["components"]["responses"]
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            if "$ref" in response:
                response = components[response["$ref"].rsplit("/", 1)[-1]]
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"], (
                    f"{method} {path} {status}"
                )
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}


def test_problem_schema_names_a_stable_type_for_every_kind(document):
    problem = document["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail"]
    types = problem["properties"]["type"]["enum"]
    for kind in problem_kinds():
        assert problem_type(kind) in types
        assert problem_type(kind).startswith("https://linchpin.dev/problems/")
    assert "about:blank" in types


def test_rate_limit_and_bearer_are_described(document):
    components = document["components"]
    too_many = components["responses"]["TOO_MANY_REQUESTS"]
    assert set(too_many["headers"]) == {
        "Retry-After",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
    }
    assert components["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    me = document["paths"]["/api/v1/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}]
    assert "RateLimit-Remaining" in me["responses"]["200"]["headers"]


def test_cached_resources_document_etag_and_304(document):
    """GETs of articles, listings, categories and plans revalidate (@etag)."""
    cached = re.compile(
        r"^/api/v1/((articles|listings|categories|plans)(/\{[^}]+\})?|me|openapi\.json)$"
    )
    for method, path, operation in operations(document):
        if method == "get" and cached.match(path):
            assert "304" in operation["responses"], path
            assert "ETag" in operation["responses"]["200"]["headers"], path
            assert {"$ref": "#/components/parameters/IfNoneMatch"} in operation[
                "parameters"
            ], path


def test_operation_ids_are_the_unique_endpoint_names(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    assert document["paths"]["/api/v1/me"]["get"]["operationId"] == "me"


def test_webhook_documents_its_signature_header(document):
    webhook = document["paths"]["/api/v1/payments/webhook"]["post"]
    [signature] = [p for p in webhook["parameters"] if p["in"] == "header"]
    assert signature["name"] == "Linchpin-Signature" and signature["required"]
    assert re.fullmatch(signature["schema"]["pattern"], "t=1764061200,v1=" + "ab" * 32)
    assert "400" in webhook["responses"]
