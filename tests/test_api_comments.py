"""JSON API for comments: thread, posting with its status, moderation."""

import pytest

from tests.factories import approve, make_article, make_comment

NEW = {"author_name": "Sam", "author_email": "sam@example.com", "body": "Hello."}


@pytest.fixture
def article(author):
    return make_article(author, title="Discussed")


def test_list_shows_approved_comments_oldest_first_without_emails(api, article, editor):
    first = approve(make_comment(article, body="First"), editor)
    approve(make_comment(article, body="Second", parent_id=first.id), editor)
    make_comment(article, body="Held back")
    body = api().get(f"/articles/{article.slug}/comments").get_json()
    assert [c["body"] for c in body["items"]] == ["First", "Second"]
    assert body["items"][1]["parent_id"] == first.id
    assert all("author_email" not in c for c in body["items"])
    assert body["next_cursor"] is None


def test_list_pages_with_a_cursor(api, article, editor):
    for _ in range(3):
        approve(make_comment(article), editor)
    client = api()
    first = client.get(f"/articles/{article.slug}/comments?limit=2").get_json()
    rest = client.get(
        f"/articles/{article.slug}/comments?limit=2&cursor={first['next_cursor']}"
    ).get_json()
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    assert rest["items"][0]["id"] > first["items"][1]["id"]


def test_post_answers_201_with_status_and_location(api, article, author):
    response = api().post(f"/articles/{article.slug}/comments", json=NEW)
    body = response.get_json()
    assert response.status_code == 201
    assert body["status"] == "pending" and "author_email" not in body
    assert response.headers["Location"] == f"/api/v1/comments/{body['id']}"
    by_staff = api(author).post(f"/articles/{article.slug}/comments", json=NEW)
    assert by_staff.get_json()["status"] == "approved"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**NEW, "author_email": "nope"},
        {**NEW, "author_url": "javascript:alert(1)"},
        {**NEW, "author_url": "ftp://example.com"},
        {**NEW, "body": "   "},
        {**NEW, "body": "x" * 5001},
        {**NEW, "parent_id": "abc"},
        {**NEW, "parent_id": 10**20},
        {**NEW, "parent_id": 999_999},
        {**NEW, "status": "approved"},
        {**NEW, "author_name": ["x"]},
    ],
)
def test_bad_comments_are_422_problems(api, article, body):
    response = api().post(f"/articles/{article.slug}/comments", json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"]


def test_comments_on_unpublished_articles_are_404(api, author):
    draft = make_article(author, status="draft")
    client = api(author)
    assert client.get(f"/articles/{draft.slug}/comments").status_code == 404
    assert client.post(f"/articles/{draft.slug}/comments", json=NEW).status_code == 404


def test_posting_shares_the_rate_limit_with_the_form(api, app, article, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_RATE_LIMIT", "1 per minute")
    client = api()
    assert (
        client.post(f"/articles/{article.slug}/comments", json=NEW).status_code == 201
    )
    limited = client.post(f"/articles/{article.slug}/comments", json=NEW)
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    assert limited.mimetype == "application/problem+json"


def test_one_comment_is_public_once_approved(api, article, editor):
    held = make_comment(article)
    assert api().get(f"/comments/{held.id}").status_code == 404
    assert api(editor).get(f"/comments/{held.id}").get_json()["status"] == "pending"
    approve(held, editor)
    assert api().get(f"/comments/{held.id}").status_code == 200
    assert api().get("/comments/99999999999999999999").status_code == 404


def test_patch_status_is_for_editors(api, article, author, editor, member):
    comment = make_comment(article)
    approved = approve(make_comment(article), editor)
    path = f"/comments/{comment.id}"
    assert api().patch(path, json={"status": "approved"}).status_code == 401
    assert api(author).patch(path, json={"status": "approved"}).status_code == 404
    denied = api(member).patch(f"/comments/{approved.id}", json={"status": "spam"})
    assert denied.status_code == 403
    assert api(editor).patch(path, json={"status": "maybe"}).status_code == 422
    done = api(editor).patch(path, json={"status": "approved"})
    assert done.status_code == 200 and done.get_json()["status"] == "approved"
    assert api().get(f"/articles/{article.slug}/comments").get_json()["items"]


def test_the_longest_body_fits_after_escaping_and_links(api, article):
    body = ("www.a" + "&" * 995 + " ") * 4 + "x" * 996
    assert len(body) == 5000
    response = api().post(
        f"/articles/{article.slug}/comments", json={**NEW, "body": body}
    )
    assert response.status_code == 201
    assert response.get_json()["body_html"].count("&amp;") > 7000
