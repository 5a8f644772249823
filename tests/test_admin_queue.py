"""The moderation inbox lists everything waiting, with a count in the navigation."""

from tests.factories import make_article, make_comment, make_listing


def test_inbox_lists_pending_comments_and_listings(client, login, editor, author):
    article = make_article(author, title="Opening hours that work")
    make_comment(article, body="Is Sunday included?", author_name="Quinn")
    make_listing(name="Bakery Blue", status="pending")
    login(editor)
    response = client.get("/admin/queue")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Quinn" in page and "Is Sunday included?" in page
    assert "Bakery Blue" in page
    assert "2 waiting" in page
    assert 'Inbox <span class="count">2' in page


def test_inbox_approving_a_comment_returns_to_the_inbox(client, login, editor, author):
    article = make_article(author)
    comment = make_comment(article, body="Nice post.")
    login(editor)
    response = client.post(
        f"/admin/comments/{comment.id}/approved", data={"next": "/admin/queue"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/queue")
    assert "No comments here" in client.get("/admin/queue").get_data(as_text=True)


def test_inbox_is_for_editors(client, login, author, member):
    login(author)
    assert client.get("/admin/queue").status_code == 403
    client.post("/auth/logout")
    login(member)
    assert client.get("/admin/queue").status_code == 403
