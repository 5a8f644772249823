"""JSON API for articles: lists, search, read, write, related, permissions."""

from datetime import timedelta

import pytest

from myapp.database import utcnow
from tests.factories import make_article, make_user
from tests.test_articles_search import ODD_INPUT

NEW = {"title": "From a script", "body": "Hello *API*.", "tags": ["api", "Scripts"]}


def test_anyone_lists_published_articles_newest_first(api, author):
    make_article(author, title="Old", published_at=utcnow() - timedelta(days=1))
    make_article(author, title="New", tags=["x"])
    make_article(author, title="Draft", status="draft")
    body = api().get("/articles").get_json()
    assert [a["title"] for a in body["items"]] == ["New", "Old"]
    assert body["next_cursor"] is None
    item = body["items"][0]
    assert item["status"] == "published" and item["tags"] == ["x"]
    assert item["author"] == {"id": author.id, "name": author.name}
    assert item["published_at"].endswith("Z") and "body" not in item


def test_keyset_pages_with_limit_and_cursor(api, author):
    for i in range(5):
        make_article(author, title=f"P{i}", published_at=utcnow() - timedelta(hours=i))
    client = api()
    first = client.get("/articles?limit=2").get_json()
    second = client.get(f"/articles?limit=2&cursor={first['next_cursor']}").get_json()
    assert [a["title"] for a in first["items"] + second["items"]] == [
        "P0",
        "P1",
        "P2",
        "P3",
    ]
    bad = client.get("/articles?cursor=forged")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"


def test_filters_by_tag_author_and_words(api, author):
    other = make_user(role="author")
    make_article(author, title="Tagged backups", tags=["Small business"])
    make_article(other, title="Other author hosting")
    client = api()

    def titles(query):
        return [
            a["title"] for a in client.get(f"/articles?{query}").get_json()["items"]
        ]

    assert titles("tag=small-business") == ["Tagged backups"]
    assert titles("tag=Small business") == ["Tagged backups"]
    assert titles("tag=unknown") == []
    assert titles(f"author={other.id}") == ["Other author hosting"]
    assert titles("q=hosting") == ["Other author hosting"]
    assert titles("q=backup&tag=small-business") == ["Tagged backups"]


@pytest.mark.parametrize("q", ODD_INPUT)
def test_odd_search_input_is_never_a_500(api, author, q):
    make_article(author, title="Anything")
    response = api().get("/articles", query_string={"q": q})
    if len(q) > 200:
        assert response.status_code == 422 and "q" in response.get_json()["errors"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=abc", "author=abc", "author=99999999999999999999",
     "status=unknown", "q=" + "x" * 201],
)  # fmt: skip
def test_bad_query_arguments_are_422(api, query):
    response = api().get(f"/articles?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"]


def test_status_lists_are_for_authors_own_and_editors_all(api, author, editor, member):
    make_article(author, title="My draft", status="draft")
    make_article(make_user(role="author"), title="Their draft", status="draft")
    assert api().get("/articles?status=draft").status_code == 401
    assert api(member).get("/articles?status=draft").status_code == 403

    def titles(user):
        body = api(user).get("/articles?status=draft").get_json()
        return sorted(a["title"] for a in body["items"])

    assert titles(author) == ["My draft"]
    assert titles(editor) == ["My draft", "Their draft"]


def test_create_returns_201_location_and_the_article(api, author):
    response = api(author).post("/articles", json=NEW)
    body = response.get_json()
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/articles/from-a-script"
    assert body["status"] == "draft" and body["tags"] == ["api", "Scripts"]
    assert body["body_html"] == "<p>Hello <em>API</em>.</p>\n"
    assert api(author).get("/articles/from-a-script").status_code == 200
    assert api().get("/articles/from-a-script").status_code == 404


def test_create_and_schedule(api, author, clock):
    later = (clock.now() + timedelta(minutes=1)).isoformat() + "Z"
    response = api(author).post(
        "/articles", json={**NEW, "status": "scheduled", "published_at": later}
    )
    assert response.get_json()["status"] == "scheduled"
    assert api().get("/articles/from-a-script").status_code == 404
    clock.move(minutes=2)
    public = api().get("/articles/from-a-script").get_json()
    assert public["status"] == "published"


def test_who_may_create(api, member):
    assert api().post("/articles", json=NEW).status_code == 401
    assert api(member).post("/articles", json=NEW).status_code == 403
    reader = make_user(role="author")
    read_only = api(reader, scopes=("read",)).post("/articles", json=NEW)
    assert read_only.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "", "body": "x"},
        {"title": "x", "body": "x", "bogus": 1},
        {"title": "x", "body": "x", "status": "live"},
        {"title": "x", "body": "x", "slug": "Bad Slug!"},
        {"title": "x", "body": "x", "tags": "not-a-list"},
        {"title": "x", "body": "x", "tags": ["t"] * 11},
        {"title": "x", "body": "x", "tags": [""]},  # as documented: 1-50 chars
        {"title": "x", "body": "x", "tags": ["a, b"]},  # commas split forms only
        {"title": "x", "body": "x", "published_at": "tomorrow"},
        {"title": "x", "body": "x", "published_at": "0001-01-01T00:00:00Z"},
        {"title": "x", "body": "x", "status": "scheduled"},
        {"title": ["x"], "body": {"a": 1}},
        ["not", "an", "object"],
    ],
)
def test_bad_bodies_are_422_problems_not_500(api, author, body):
    response = api(author).post("/articles", json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"]


def test_taken_slug_is_409_with_the_field(api, author):
    make_article(author, slug="taken")
    response = api(author).post("/articles", json={**NEW, "slug": "taken"})
    assert response.status_code == 409
    assert "slug" in response.get_json()["errors"]


def test_patch_and_delete_by_author_or_editor_only(api, author, editor):
    article = make_article(author, title="Original")
    intruder = make_user(role="author")
    path = f"/articles/{article.slug}"
    assert api(intruder).patch(path, json={"title": "Mine"}).status_code == 403
    assert api(intruder).delete(path).status_code == 403
    assert api().patch(path, json={"title": "x"}).status_code == 401
    patched = api(author).patch(path, json={"title": "Renamed", "summary": "S."})
    assert patched.status_code == 200
    assert patched.get_json()["title"] == "Renamed"
    assert patched.get_json()["slug"] == article.slug
    assert patched.get_json()["excerpt"] == "S."
    assert api(author).patch(path, json={"status": "nope"}).status_code == 422
    assert api(editor).delete(path).status_code == 204
    assert api().get(path).status_code == 404


def test_drafts_of_others_are_404_not_403(api, author):
    draft = make_article(author, status="draft")
    intruder = make_user(role="author")
    path = f"/articles/{draft.slug}"
    assert api(intruder).get(path).status_code == 404
    assert api(intruder).patch(path, json={"title": "x"}).status_code == 404


def test_related_lists_up_to_four(api, author):
    article = make_article(author, tags=["a", "b"])
    for n in range(6):
        make_article(author, title=f"R{n}", tags=["a"])
    body = api().get(f"/articles/{article.slug}/related").get_json()
    assert len(body["items"]) == 4 and body["next_cursor"] is None
    assert all(item["tags"] == ["a"] for item in body["items"])
    draft = make_article(author, status="draft", tags=["a"])
    assert api().get(f"/articles/{draft.slug}/related").status_code == 404


def test_openapi_documents_the_publishing_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    for path in (
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/articles/{slug}/related",
        "/api/v1/articles/{slug}/comments",
        "/api/v1/comments/{comment_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/articles/{slug}"]) >= {"get", "patch", "delete"}
    schemas = spec["components"]["schemas"]
    assert "tags" in schemas["ArticleIn"]["properties"]
    assert "author_email" not in schemas["CommentOut"]["properties"]
