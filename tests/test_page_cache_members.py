"""Signed-in readers' shared pages: what one reader's page holds of their own
(a draft only they may see, their CSRF token, their name) is never served to
another reader, and the shared part changes as soon as what it shows does."""

from flask import g

from tests import factories
from tests.conftest import csrf_token_from

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def read(client, path):
    g.pop("csrf_token", None)  # the tests' app context outlives each request
    return client.get(path, headers=BROWSER)


def signed_in(app, login, user):
    client = login(user, app.test_client())
    read(client, "/")  # takes the "Signed in." message: rendered, not stored
    return client


def test_an_authors_own_draft_is_never_shared_with_another_author(app, login):
    ann = factories.make_user(role="author", name="Ann Writer")
    bob = factories.make_user(role="author", name="Bob Writer")
    draft = factories.make_article(ann, title="Ann's secret draft", status="draft")
    path = f"/articles/{draft.slug}"
    mine = read(signed_in(app, login, ann), path)
    assert mine.status_code == 200
    assert "Ann&#39;s secret draft" in mine.get_data(as_text=True)
    assert read(signed_in(app, login, bob), path).status_code == 404
    for entry in app.extensions["page_cache"]._entries.values():
        assert b"secret draft" not in entry.body


def test_each_reader_gets_their_own_csrf_token_on_a_shared_page(
    app, author, login, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    article = factories.make_article(author)
    path = f"/articles/{article.slug}"
    tokens = []
    for email in ("one@example.net", "two@example.net"):
        reader = factories.make_user(email=email)
        client = app.test_client()
        token = csrf_token_from(read(client, "/auth/login").get_data(as_text=True))
        form = {"email": email, "password": factories.PASSWORD, "csrf_token": token}
        assert client.post("/auth/login", data=form).status_code == 302
        read(client, "/")
        first, again = read(client, path), read(client, path)
        assert again.headers["X-Cache"] == "HIT"
        token = csrf_token_from(first.get_data(as_text=True))
        assert csrf_token_from(again.get_data(as_text=True)) == token
        comment = {"author_name": reader.name, "author_email": email, "body": "Hi."}
        posted = client.post(f"{path}/comments", data={**comment, "csrf_token": token})
        assert posted.status_code == 302
        tokens.append(token)
    assert tokens[0] != tokens[1]
    for entry in app.extensions["page_cache"]._entries.values():
        assert not any(token.encode() in entry.body for token in tokens)


def test_a_shared_page_shows_a_changed_article_at_once(app, author, editor, login):
    from myapp.articles import services as article_services
    from myapp.extensions import db

    article = factories.make_article(author, title="First title")
    path = f"/articles/{article.slug}"
    client = signed_in(app, login, factories.make_user(email="m@example.net"))
    read(client, path)
    assert read(client, path).headers["X-Cache"] == "HIT"
    article_services.update_article(editor, article, {"title": "Second title"})
    db.session.commit()
    again = read(client, path)
    assert again.headers["X-Cache"] == "MISS"
    assert "Second title" in again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "private, no-store"
    home = read(client, "/").get_data(as_text=True)
    assert "Second title" in home and "First title" not in home


def test_one_query_loads_a_signed_in_readers_session_and_user(app, author, login):
    from tests.test_publishing_queries import counting

    article = factories.make_article(author)
    client = signed_in(app, login, factories.make_user(email="q@example.net"))
    path = f"/articles/{article.slug}"
    read(client, path)
    with counting() as statements:
        hit = read(client, path)
    assert hit.headers["X-Cache"] == "HIT"
    reads = [s for s in statements if "daily_counts" not in s]  # not the view count
    assert len(reads) == 1, statements
    assert "Sign out" in hit.get_data(as_text=True)
    assert hit.headers["Cache-Control"] == "private, no-store"


def test_the_account_page_still_knows_this_browsers_session(app, login):
    client = signed_in(app, login, factories.make_user(email="rows@example.net"))
    page = read(client, "/account").get_data(as_text=True)
    assert "<strong>This device</strong>" in page


def test_a_page_that_asked_who_the_reader_is_is_not_stored(app, author, login):
    """An editor sees anyone's draft, but the rule asked whether they own it."""
    draft = factories.make_article(author, title="Still a draft", status="draft")
    path = f"/articles/{draft.slug}"
    editor = factories.make_user(role="editor", email="ed@example.net")
    client = signed_in(app, login, editor)
    assert [read(client, path).headers["X-Cache"] for _ in range(2)] == ["MISS"] * 2
    public = factories.make_article(author, title="Out now")
    public_path = f"/articles/{public.slug}"
    read(client, public_path)
    assert read(client, public_path).headers["X-Cache"] == "HIT"


def _dispatched(app):
    """A list that grows by one for each request Flask itself dispatches."""
    from flask import request_started

    seen = []
    request_started.connect(lambda sender, **_: seen.append(1), app, weak=False)
    return seen


def test_a_signed_in_hit_is_answered_before_flask_with_the_readers_own_values(
    app, author, login
):
    article = factories.make_article(author)
    path = f"/articles/{article.slug}"
    ann = factories.make_user(email="ann@example.net", name="Ann Reader")
    bob = factories.make_user(email="bob@example.net", name="Bob Reader")
    ann_client, bob_client = signed_in(app, login, ann), signed_in(app, login, bob)
    rendered = read(ann_client, path)
    read(ann_client, path)  # the comment form's token was new: stored now
    dispatched = _dispatched(app)
    hits = {who: read(c, path) for who, c in (("ann", ann_client), ("bob", bob_client))}
    assert dispatched == []
    for who, hit in hits.items():
        page = hit.get_data(as_text=True)
        assert hit.headers["X-Cache"] == "HIT"
        assert f'value="{who}@example.net"' in page
        assert f"{who.title()} Reader" in page and "Sign out" in page
        assert "Set-Cookie" not in hit.headers
        for name in ("Cache-Control", "Content-Security-Policy", "X-Frame-Options"):
            assert hit.headers[name] == rendered.headers[name]
    assert "ann@example.net" not in hits["bob"].get_data(as_text=True)


def test_flask_answers_what_only_flask_can_tell(app, author, login):
    """A message to show, a session signed out elsewhere, a last-seen time to
    write, another browser with the same cookie: each goes through Flask."""
    from datetime import timedelta

    from sqlalchemy import select, update

    from myapp.auth.models import UserSession
    from myapp.extensions import db

    article = factories.make_article(author)
    path = f"/articles/{article.slug}"
    reader = factories.make_user(email="cat@example.net", name="Cat Reader")
    client = app.test_client()
    form = {"email": reader.email, "password": factories.PASSWORD}
    assert client.post("/auth/login", data=form, headers=BROWSER).status_code == 302
    assert "Signed in" in read(client, path).get_data(as_text=True)
    read(client, path)
    dispatched = _dispatched(app)

    other_browser = client.get(path, headers={"User-Agent": "Other/1.0"})
    assert len(dispatched) == 1 and "Cat Reader" in other_browser.get_data(True)
    assert "Set-Cookie" in other_browser.headers  # the session is not fresh now

    row = db.session.scalar(select(UserSession).where(UserSession.user == reader))
    an_hour_ago = row.last_seen_at - timedelta(hours=1)
    db.session.execute(
        update(UserSession)
        .where(UserSession.id == row.id)
        .values(last_seen_at=an_hour_ago)
    )
    db.session.commit()
    assert read(client, path).headers["X-Cache"] == "HIT"
    assert len(dispatched) == 2
    db.session.expire_all()
    assert db.session.get(UserSession, row.id).last_seen_at > an_hour_ago
    read(client, path)
    assert len(dispatched) == 2  # the write is done: served before Flask again

    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A message for Cat.")]
    assert "A message for Cat." in read(client, path).get_data(as_text=True)
    assert len(dispatched) == 3
    assert "A message for Cat." not in read(client, path).get_data(as_text=True)

    db.session.delete(db.session.get(UserSession, row.id))
    db.session.commit()
    signed_out = read(client, path).get_data(as_text=True)
    assert len(dispatched) == 4
    assert "Cat Reader" not in signed_out and "Sign in" in signed_out


def test_a_reader_is_told_apart_by_browser_as_flask_login_does(app):
    from flask_login.utils import _create_identifier

    from myapp.auth.early_reader import identifier

    cases = [
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "Mozilla/5.0 Ä"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.0.0.7, 10.0.0.1"},
        {"REMOTE_ADDR": "::1"},
    ]
    for environ in cases:
        with app.test_request_context(environ_base=environ):
            from flask import request

            assert identifier(request.environ) == _create_identifier()


def test_a_failing_early_lookup_leaves_the_request_to_flask(app, author, login):
    """The early reader's database unreachable: Flask answers as it would."""
    from sqlalchemy import create_engine

    article = factories.make_article(author)
    path = f"/articles/{article.slug}"
    client = signed_in(app, login, factories.make_user(name="Dee Reader"))
    for _ in range(2):
        read(client, path)
    readers = app.extensions["page_cache"].readers
    readers._engine = create_engine("sqlite:////nonexistent/folder/linchpin.db")
    try:
        page = read(client, path)
    finally:
        readers._engine = None
    assert page.status_code == 200 and "Dee Reader" in page.get_data(as_text=True)
