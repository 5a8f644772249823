"""Each kind of write renders again exactly the pages that show it, at once.

A small site is warmed (every public page stored), one write is made through
the real services, then every page is read again: the pages that show what
changed must be rendered (MISS) with the new content, and the others must
still be served from the cache (HIT).
"""

import pytest

from myapp.articles import services as article_services
from myapp.directory.catalogue import category_admin
from myapp.directory.listings import review
from myapp.directory.listings import services as listings
from myapp.extensions import db
from tests import factories

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
ARTICLE_LISTS = {"home", "tag_x", "tag_y", "tag_z", "author", "feed", "api_list"}
DIRECTORY = {"directory", "cat_one", "cat_two", "listing_one", "listing_two"}


@pytest.fixture
def site(client, editor):
    """Three articles (A and B share tag y), two listings in two categories."""
    author = factories.make_user(role="author", name="Ann Author")
    a = factories.make_article(author, title="Alpha", tags=["x", "y"])
    b = factories.make_article(author, title="Bravo", tags=["y"])
    c = factories.make_article(editor, title="Charlie", tags=["z"])
    one = factories.make_category(name="Bakeries", actor=editor)
    two = factories.make_category(name="Plumbers", actor=editor)
    l1 = factories.make_listing(category=one, name="Bread Box", actor=editor)
    l2 = factories.make_listing(category=two, name="Pipe Works", actor=editor)
    pages = {
        "home": "/",
        "a": f"/articles/{a.slug}",
        "b": f"/articles/{b.slug}",
        "c": f"/articles/{c.slug}",
        "tag_x": "/tags/x",
        "tag_y": "/tags/y",
        "tag_z": "/tags/z",
        "author": f"/authors/{author.id}",
        "feed": "/feed.xml",
        "sitemap": "/sitemap.xml",
        "search": "/search?q=alpha",
        "api_list": "/api/v1/articles",
        "api_a": f"/api/v1/articles/{a.slug}",
        "directory": "/directory",
        "cat_one": f"/directory/{one.path}",
        "cat_two": f"/directory/{two.path}",
        "listing_one": f"/listings/{l1.slug}",
        "listing_two": f"/listings/{l2.slug}",
    }
    world = {
        "author": author,
        "editor": editor,
        "a": a,
        "c": c,
        "one": one,
        "l1": l1,
        "l2": l2,
        "client": client,
        "pages": pages,
    }
    return pages, world


def read(client, path):
    response = client.get(path, headers=BROWSER)
    assert response.status_code in (200, 404, 410), (path, response.status_code)
    return response


def warm(client, pages):
    for path in pages.values():
        read(client, path)
    for name, path in pages.items():
        assert read(client, path).headers.get("X-Cache") == "HIT", name


# Each write: (the write, the pages it must change, text they must now show).


def edit_article_body(w):
    article_services.update_article(w["editor"], w["a"], {"body": "Rewritten text."})
    return {"a", "b", "api_a", "search", "sitemap"} | ARTICLE_LISTS - {"tag_z"}, {
        "a": "Rewritten text."
    }


def retitle_article(w):
    article_services.update_article(w["editor"], w["a"], {"title": "Alphorn"})
    changed = {"a", "b", "api_a", "search", "sitemap"} | ARTICLE_LISTS - {"tag_z"}
    return changed, {"home": "Alphorn", "b": "Alphorn", "tag_x": "Alphorn"}


def publish_article(w):
    factories.make_article(w["author"], title="Delta", tags=["z"])
    # A new article is on every list, and in C's related box (tag z).
    return {"c", "search", "sitemap"} | ARTICLE_LISTS, {
        "home": "Delta",
        "tag_z": "Delta",
        "c": "Delta",
    }


def archive_article(w):
    article_services.update_article(w["editor"], w["c"], {"status": "archived"})
    return {"c", "search", "sitemap"} | ARTICLE_LISTS, {}


def approve_comment(w):
    comment = factories.make_comment(w["a"], body="Well said, truly.")
    factories.approve(comment, w["editor"])
    return {"a"}, {"a": "Well said, truly."}


def pending_comment(w):
    factories.make_comment(w["a"], body="Waiting for a moderator.")
    return set(), {}


def sign_in(w):
    client = w["client"].application.test_client()
    response = client.post(
        "/auth/login",
        data={"email": w["author"].email, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    return set(), {}


def make_token(w):
    from myapp.auth import services as auth_services

    auth_services.create_token(w["author"], {"name": "script", "scopes": ["read"]})
    return set(), {}


def submit_listing(w):
    factories.make_listing(
        category=w["one"], plan="standard", status="awaiting_payment"
    )
    factories.make_listing(category=w["one"], status="pending")
    return set(), {}


def approve_listing(w):
    waiting = factories.make_listing(
        category=w["one"], name="Crust Corner", status="pending"
    )
    review.approve_listing(w["editor"], waiting)
    # Counts in the category tree are on every directory page.
    return DIRECTORY | {"sitemap", "search"}, {"cat_one": "Crust Corner"}


def edit_listing(w):
    listings.update_listing(
        w["editor"], w["l1"], {"description": "Fresh loaves baked every morning."}
    )
    return {"listing_one", "directory", "cat_one", "sitemap", "search"}, {
        "listing_one": "Fresh loaves baked every morning."
    }


def owner_proposes_edit(w):
    owner = db.session.get(type(w["author"]), w["l1"].owner_id)
    listings.update_listing(owner, w["l1"], {"description": "Not reviewed yet at all."})
    return set(), {}


def rename_category(w):
    category_admin.update_category(w["editor"], w["one"], {"name": "Bakers"})
    return DIRECTORY | {"sitemap", "search"}, {"directory": "Bakers"}


def approve_review(w):
    factories.make_review(w["l1"], status="approved", body="A" * 20 + " lovely rye.")
    # The listing's page and every card showing its rating.
    return {"listing_one", "directory", "cat_one"}, {"listing_one": "lovely rye."}


def pending_or_reported_review(w):
    shown = factories.make_review(w["l2"], status="approved")
    db.session.commit()
    warm(w["client"], w["pages"])
    factories.make_review(w["l1"])  # waits: on no page
    from myapp.reviews import moderation

    moderation.report_review(w["author"], shown, "Not a real visit.")
    return {"listing_two", "directory", "cat_two"}, {}


WRITES = [
    edit_article_body,
    retitle_article,
    publish_article,
    archive_article,
    approve_comment,
    pending_comment,
    sign_in,
    make_token,
    submit_listing,
    approve_listing,
    edit_listing,
    owner_proposes_edit,
    rename_category,
    approve_review,
    pending_or_reported_review,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_a_write_changes_only_the_pages_that_show_it(site, write):
    pages, world = site
    client = world["client"]
    warm(client, pages)
    must_change, shows = write(world)
    db.session.commit()
    for name, path in pages.items():
        response = read(client, path)
        cache = response.headers.get("X-Cache")
        if name in must_change:
            assert cache != "HIT", f"{name} was served stale after {write.__name__}"
            if name in shows:
                assert shows[name] in response.get_data(as_text=True), name
        else:
            assert cache == "HIT", f"{name} was emptied by {write.__name__}"


def test_signed_in_readers_share_only_what_is_not_theirs(app, site, login):
    """Readers of one role share the stored part; their own values never are."""
    pages, world = site
    ann = factories.make_user(name="Annabel Reader", email="annabel@example.net")
    bob = factories.make_user(name="Bobby Reader", email="bobby@example.net")
    first = login(ann, app.test_client())
    second = login(bob, app.test_client())
    for client in (first, second):
        read(client, "/")  # shows the sign-in message once: rendered, not stored
    mine, theirs = read(first, pages["a"]), read(second, pages["a"])
    assert (mine.headers["X-Cache"], theirs.headers["X-Cache"]) == ("MISS", "HIT")
    html = theirs.get_data(as_text=True)
    assert "bobby@example.net" in html and "Bobby Reader" in html
    assert "annabel@example.net" not in html and "Annabel" not in html
    assert "public" not in theirs.headers.get("Cache-Control", "")
    for entry in app.extensions["page_cache"]._entries.values():
        for own in (b"annabel@example", b"bobby@example", b"Annabel", b"Bobby"):
            assert own not in entry.body
    comment = factories.make_comment(world["a"], body="Seen by members at once.")
    factories.approve(comment, world["editor"])
    again = read(second, pages["a"])
    assert again.headers["X-Cache"] == "MISS"
    assert "Seen by members at once." in again.get_data(as_text=True)
    for name in ("listing_one", "directory", "api_list", "sitemap"):
        assert "X-Cache" not in read(first, pages[name]).headers, name


def test_a_signed_in_reader_with_a_message_gets_it_unstored(app, site, login):
    pages, world = site
    client = login(world["author"], app.test_client())
    first = read(client, pages["a"])  # carries the "Signed in." flash
    assert "Signed in." in first.get_data(as_text=True)
    assert "X-Cache" not in first.headers
    assert "Signed in." not in read(client, pages["a"]).get_data(as_text=True)


def test_statements_on_a_neutral_model_move_nothing(app, site):
    """An UPDATE … WHERE on tokens (say, a worker's bookkeeping) keeps every page."""
    from sqlalchemy import update

    from myapp.auth import services as auth_services
    from myapp.auth.models import ApiToken

    pages, world = site
    client = world["client"]
    warm(client, pages)
    auth_services.create_token(world["author"], {"name": "job", "scopes": ["read"]})
    db.session.execute(update(ApiToken).values(name="renamed"))
    db.session.commit()
    for name, path in pages.items():
        assert read(client, path).headers.get("X-Cache") == "HIT", name
