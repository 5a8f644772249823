"""A read-only token never writes: every write operation of the document says 403."""

import re

import pytest

from tests.factories import make_article

WRITE_METHODS = ("post", "put", "patch", "delete")


def write_operations(client) -> list[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").get_json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in WRITE_METHODS
    ]


def test_document_has_write_operations_to_walk(client):
    operations = write_operations(client)
    assert len(operations) >= 15
    assert ("POST", "/api/v1/articles/{slug}/comments") in operations


def test_every_write_operation_refuses_a_read_only_token(client, api, author, admin):
    article = make_article(author, title="Read only")
    reader = api(admin, scopes=("read",))
    answered = {}
    for method, path in write_operations(client):
        concrete = re.sub(r"\{slug\}", article.slug, path)
        concrete = re.sub(r"\{[a-z_]+\}", "1", concrete)
        response = reader.open(method, concrete, json={})
        answered[f"{method} {path}"] = response.status_code
    assert {op: s for op, s in answered.items() if s != 403} == {}


def test_read_only_token_cannot_post_a_comment(api, author):
    article = make_article(author, title="Discussed")
    body = {"author_name": "Sam", "author_email": "s@example.com", "body": "Hi."}
    response = api(author, scopes=("read",)).post(
        f"/articles/{article.slug}/comments", json=body
    )
    assert response.status_code == 403
    assert response.get_json()["detail"] == "This token is read-only."
    assert (
        api(author).post(f"/articles/{article.slug}/comments", json=body).status_code
        == 201
    )


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_read_only_token_still_reads(api, author, method):
    assert api(author, scopes=("read",)).open(method, "/me").status_code == 200
