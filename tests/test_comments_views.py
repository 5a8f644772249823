"""The Leave a Reply form, the thread on the page, and the moderation page."""

import re
import time

import pytest
from sqlalchemy import select

from myapp.comments import spam
from myapp.comments.models import Comment
from tests.factories import approve, make_article, make_comment


@pytest.fixture
def article(author):
    return make_article(author, title="Open for comments")


def _form(**fields):
    return {
        "author_name": "Rita Reader",
        "author_email": "rita@example.com",
        "author_url": "",
        "body": "A thoughtful reply.",
        "form_token": spam.form_token(time.time() - 30),
        spam.HONEYPOT: "",
        **fields,
    }


def test_the_form_is_under_every_article(client, article):
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "Leave a Reply" in page and 'id="respond"' in page
    assert 'name="form_token"' in page and f'name="{spam.HONEYPOT}"' in page
    assert "No comments yet" in page


def test_a_first_comment_waits_and_says_so(client, article, db):
    response = client.post(f"/articles/{article.slug}/comments", data=_form())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/articles/{article.slug}#respond"
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "your comment is awaiting moderation" in page
    assert "A thoughtful reply." not in page
    assert db.session.scalars(select(Comment.status)).all() == ["pending"]


def test_approved_comments_show_without_their_email(client, article, editor):
    comment = make_comment(
        article, author_email="secret@example.com", author_url="https://rita.example"
    )
    approve(comment, editor)
    response = client.post(
        f"/articles/{article.slug}/comments",
        data=_form(author_email="secret@example.com", body="Second one."),
    )
    assert re.fullmatch(
        rf"/articles/{article.slug}#comment-\d+", response.headers["Location"]
    )
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert "2 comments" in page and "Second one." in page
    assert "secret@example.com" not in page
    assert '<a href="https://rita.example" rel="nofollow ugc noopener">' in page


def test_spam_reads_the_same_as_held(client, article, db):
    client.post(
        f"/articles/{article.slug}/comments", data=_form(**{spam.HONEYPOT: "x"})
    )
    response = client.post(
        f"/articles/{article.slug}/comments", data=_form(body="Cheap viagra")
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "your comment is awaiting moderation" in page
    assert db.session.scalars(select(Comment.status)).all() == ["spam", "spam"]


def test_errors_come_back_with_values_kept(client, article):
    response = client.post(
        f"/articles/{article.slug}/comments",
        data=_form(author_email="not-an-email", body="   ", author_url="javascript:x"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("author_email", "body", "author_url"):
        assert f'id="{field}-error"' in page
    assert 'value="Rita Reader"' in page and 'value="not-an-email"' in page
    assert 'href="javascript:x"' not in page


def test_replies_nest_and_the_reply_link_fills_parent_id(client, article, editor, db):
    root = approve(make_comment(article, author_name="Root author"), editor)
    page = client.get(f"/articles/{article.slug}?reply_to={root.id}")
    html = page.get_data(as_text=True)
    assert "Replying to" in html and "Root author" in html
    assert f'name="parent_id" value="{root.id}"' in html
    client.post(
        f"/articles/{article.slug}/comments",
        data=_form(parent_id=str(root.id), author_email="rootfan@example.com"),
    )
    reply = db.session.scalars(
        select(Comment).where(Comment.parent_id == root.id)
    ).one()
    approve(reply, editor)
    html = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert 'class="comment-children"' in html and "level-2" in html


def test_a_reply_to_a_held_comment_is_refused(client, article):
    held = make_comment(article)
    response = client.post(
        f"/articles/{article.slug}/comments", data=_form(parent_id=str(held.id))
    )
    assert response.status_code == 422
    assert "Reply to a published comment" in response.get_data(as_text=True)


def test_comment_on_an_unpublished_article_is_404(client, author):
    draft = make_article(author, status="draft")
    response = client.post(f"/articles/{draft.slug}/comments", data=_form())
    assert response.status_code == 404
    assert client.post("/articles/nothing/comments", data=_form()).status_code == 404


def test_comments_are_rate_limited_per_client(client, app, article, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_RATE_LIMIT", "2 per minute")
    url = f"/articles/{article.slug}/comments"
    assert client.post(url, data=_form()).status_code == 302
    assert client.post(url, data=_form()).status_code == 302
    limited = client.post(url, data=_form())
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    html = limited.get_data(as_text=True)
    assert "Too many tries" in html
    wait = int(limited.headers["Retry-After"])
    assert f"Please wait {wait} seconds and try again." in html
    # What the reader typed is still there, ready to send again.
    assert "Send again" in html and _form()["body"] in html


def test_moderation_page_is_for_editors(client, login, author, editor, article):
    make_comment(article, author_name="Waiting Walter", author_email="w@example.com")
    login(author)
    assert client.get("/admin/comments").status_code == 403
    client.post("/auth/logout")
    login(editor)
    page = client.get("/admin/comments").get_data(as_text=True)
    assert "Waiting Walter" in page and "w@example.com" in page
    assert "Pending (1)" in page and "first comment" in page


def test_approve_one_from_the_queue(client, login, editor, article):
    comment = make_comment(article, body="Approve me")
    login(editor)
    response = client.post(
        f"/admin/comments/{comment.id}/approved", data={"next": "/admin/comments"}
    )
    assert response.headers["Location"] == "/admin/comments"
    assert "Approve me" in client.get(f"/articles/{article.slug}").get_data(
        as_text=True
    )
    assert client.post(f"/admin/comments/{comment.id}/bogus").status_code == 404
    assert client.post("/admin/comments/999999/spam").status_code == 404


def test_bulk_moderation(client, login, editor, article, db):
    comments = [make_comment(article) for _ in range(3)]
    login(editor)
    ids = [str(c.id) for c in comments[:2]]
    response = client.post(
        "/admin/comments/bulk",
        data={"ids": ids, "status": "trash", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/admin/comments"
    statuses = db.session.scalars(select(Comment.status).order_by(Comment.id)).all()
    assert statuses == ["trash", "trash", "pending"]
    empty = client.post("/admin/comments/bulk", data={"status": "spam"})
    assert empty.status_code == 422
    assert 'id="ids-error"' in empty.get_data(as_text=True)


def test_a_too_fast_comment_is_sent_back_with_its_text(client, article):
    url = f"/articles/{article.slug}/comments"
    hasty = _form(form_token=spam.form_token(time.time()), body="Quick but real.")
    response = client.post(url, data=hasty)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and "send it again" in page
    assert "Quick but real." in page and "awaiting moderation" not in page
