"""The moderation inbox lists everything waiting, with a count in the navigation."""

import re

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


def test_inbox_approving_a_listing_returns_to_the_inbox(client, login, editor):
    listing = make_listing(name="Bakery Blue", status="pending")
    other = make_listing(name="Bakery Green", status="pending")
    login(editor)
    inbox = client.get("/admin/queue").get_data(as_text=True)
    assert '<input type="hidden" name="back" value="inbox">' in inbox
    response = client.post(
        f"/admin/listings/{listing.id}/approve", data={"back": "inbox"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/queue")
    response = client.post(
        "/admin/listings/bulk",
        data={"ids": [other.id], "action": "approve", "back": "inbox"},
    )
    assert response.headers["Location"].endswith("/admin/queue")


def test_a_refused_bulk_reject_comes_back_to_the_inbox_with_choices_kept(
    client, login, editor
):
    first = make_listing(name="Bakery Blue", status="pending")
    second = make_listing(name="Bakery Green", status="pending")
    login(editor)
    inbox = client.get("/admin/queue").get_data(as_text=True)
    assert 'action="/admin/queue" id="bulk-review"' in inbox
    response = client.post(
        "/admin/queue",
        data={"ids": [first.id, second.id], "action": "reject", "reason": ""},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<h1>Moderation inbox</h1>" in page and "Give a reason" in page
    for listing in (first, second):
        assert f'value="{listing.id}" id="pick-{listing.id}"' in page
        assert re.search(rf'id="pick-{listing.id}"[^>]*checked', page)
    # The action stays Reject: one more click must not approve them.
    assert '<option value="reject" selected>' in page
    response = client.post(
        "/admin/queue",
        data={"ids": [first.id], "action": "reject", "reason": "Parked domain"},
    )
    assert response.headers["Location"] == "/admin/queue"
    flashed = client.get("/admin/queue").get_data(as_text=True)
    assert "1 listing rejected." in flashed


def test_single_decisions_say_what_happened_in_a_sentence(client, login, editor):
    listing = make_listing(name="Walkers Bakery")
    login(editor)
    client.post(
        f"/admin/listings/{listing.id}/suspend", data={"reason": "Malware found"}
    )
    page = client.get(f"/admin/listings/{listing.id}").get_data(as_text=True)
    assert "Walkers Bakery is suspended." in page and "done" not in page
