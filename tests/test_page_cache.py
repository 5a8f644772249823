"""The page cache: anonymous readers get stored pages, never stale or personal."""

import re

import pytest
from sqlalchemy import func, select, update

from myapp import create_app
from myapp.articles.models import Article
from myapp.extensions import db
from myapp.stats.models import DailyCount
from tests import factories

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def get(client, path, **kwargs):
    return client.get(path, headers={**BROWSER, **kwargs.pop("headers", {})})


def retitle_behind_the_cache(article, title):
    """Change a row the way no commit of the app would (a manual SQL fix)."""
    with db.engine.begin() as conn:
        conn.execute(
            update(Article).where(Article.id == article.id).values(title=title)
        )


def test_second_anonymous_read_is_served_from_the_cache(client, author):
    article = factories.make_article(author, title="Stored once")
    first, second = get(client, "/"), get(client, "/")
    assert first.headers["X-Cache"] == "MISS" and second.headers["X-Cache"] == "HIT"
    assert second.get_data() == first.get_data()
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    # Per-response headers are the request's own, not the stored ones.
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert "Content-Security-Policy" in second.headers
    retitle_behind_the_cache(article, "Changed behind its back")
    assert "Stored once" in get(client, "/").get_data(as_text=True)


def test_a_commit_shows_at_once(client, author, editor):
    article = factories.make_article(author, title="First words")
    assert "First words" in get(client, f"/articles/{article.slug}").get_data(
        as_text=True
    )
    from myapp.articles import services

    services.update_article(editor, article, {"title": "Better words"})
    page = get(client, f"/articles/{article.slug}")
    assert page.headers["X-Cache"] == "MISS"
    assert "Better words" in page.get_data(as_text=True)


def test_a_new_comment_shows_on_the_cached_article(client, author, editor):
    article = factories.make_article(author)
    path = f"/articles/{article.slug}"
    assert "No comments yet" in get(client, path).get_data(as_text=True)
    comment = factories.make_comment(article, body="Approved just now.")
    factories.approve(comment, editor)
    assert "Approved just now." in get(client, path).get_data(as_text=True)


def test_every_read_of_a_cached_page_is_counted(client, author):
    article = factories.make_article(author)
    for _ in range(3):
        get(client, f"/articles/{article.slug}")
    assert get(client, f"/articles/{article.slug}").headers["X-Cache"] == "HIT"
    counted = db.session.scalar(
        select(func.sum(DailyCount.count)).where(
            DailyCount.kind == "article_view", DailyCount.object_id == article.id
        )
    )
    assert counted == 4


def test_bots_reading_a_cached_page_are_not_counted(client, author):
    article = factories.make_article(author)
    get(client, f"/articles/{article.slug}")
    client.get(f"/articles/{article.slug}", headers={"User-Agent": "curl/8.5.0"})
    assert db.session.scalar(select(func.sum(DailyCount.count))) == 1


def test_each_reader_gets_a_fresh_comment_form_time(client, author, clock):
    from myapp.comments import spam

    article = factories.make_article(author)
    tokens = []
    for _ in range(2):
        html = get(client, f"/articles/{article.slug}").get_data(as_text=True)
        tokens.append(re.search(r'name="form_token" value="([^"]+)"', html).group(1))
        clock.move(seconds=10)
    first, second = (spam._signer().loads(t) for t in tokens)
    assert second - first >= 10  # minted for each reader, not stored


def test_anonymous_pages_set_no_cookie(client, author):
    article = factories.make_article(author)
    for path in ("/", f"/articles/{article.slug}", "/directory"):
        response = get(client, path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path


def test_signed_in_readers_get_their_own_page(client, author, login):
    factories.make_article(author)
    get(client, "/")  # stored for anonymous readers
    login(author)
    page = get(client, "/")
    assert "X-Cache" not in page.headers
    assert "Sign out" in page.get_data(as_text=True)


def test_a_flash_message_is_not_stored_for_others(app, client, author):
    article = factories.make_article(author)
    path = f"/articles/{article.slug}"
    posted = client.post(
        f"{path}/comments",
        data={
            "author_name": "Ann",
            "author_email": "ann@example.net",
            "body": "Hello there.",
        },
        headers=BROWSER,
    )
    assert posted.status_code == 302
    mine = get(client, path).get_data(as_text=True)
    assert "awaiting moderation" in mine
    other = app.test_client()
    assert "awaiting moderation" not in get(other, path).get_data(as_text=True)


def test_a_scheduled_article_appears_on_time(app, client, author, clock, monkeypatch):
    from datetime import timedelta

    monkeypatch.setattr(app.extensions["page_cache"], "seconds", 3600)
    factories.make_article(
        author, title="Due later", published_at=clock.now() + timedelta(minutes=5)
    )
    assert "Due later" not in get(client, "/").get_data(as_text=True)
    assert get(client, "/").headers["X-Cache"] == "HIT"
    clock.move(minutes=6)
    assert "Due later" in get(client, "/").get_data(as_text=True)


def test_entries_expire(app, client, author, clock):
    article = factories.make_article(author, title="Before")
    get(client, "/")
    retitle_behind_the_cache(article, "After")
    clock.move(seconds=app.config["PAGE_CACHE_SECONDS"] - 1)
    assert "Before" in get(client, "/").get_data(as_text=True)
    clock.move(seconds=2)
    assert "After" in get(client, "/").get_data(as_text=True)


def test_api_lists_are_cached_for_anonymous_callers_only(api, author):
    factories.make_article(author, title="For scripts")
    anonymous = api()
    first = anonymous.get("/articles")
    second = anonymous.get("/articles")
    assert second.headers["X-Cache"] == "HIT"
    assert second.json == first.json
    assert second.headers["ETag"] == first.headers["ETag"]
    again = anonymous.get("/articles", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    with_token = api(author).get("/articles")
    assert "X-Cache" not in with_token.headers
    assert with_token.json == first.json


def test_an_error_is_not_stored(client, author):
    assert get(client, "/articles/not-yet").status_code == 404
    factories.make_article(author, title="Not yet", slug="not-yet")
    assert get(client, "/articles/not-yet").status_code == 200


def test_anonymous_comment_posts_need_no_csrf_token(app, author, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    article = factories.make_article(author)
    form = {"author_name": "Ann", "author_email": "a@example.net", "body": "Hi."}
    anonymous = app.test_client()
    assert (
        anonymous.post(f"/articles/{article.slug}/comments", data=form).status_code
        == 302
    )


def test_signed_in_comment_posts_still_need_a_csrf_token(app, author, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    article = factories.make_article(author)
    signed_in = app.test_client()
    from tests.conftest import csrf_token_from

    token = csrf_token_from(signed_in.get("/auth/login").get_data(as_text=True))
    signed_in.post(
        "/auth/login",
        data={
            "email": author.email,
            "password": factories.PASSWORD,
            "csrf_token": token,
        },
    )
    form = {"author_name": "Ann", "author_email": "a@example.net", "body": "Hi."}
    path = f"/articles/{article.slug}/comments"
    assert signed_in.post(path, data=form).status_code == 400
    page = signed_in.get(f"/articles/{article.slug}").get_data(as_text=True)
    form["csrf_token"] = csrf_token_from(page)
    assert signed_in.post(path, data=form).status_code == 302


@pytest.fixture
def redis_url():
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    return url


def test_processes_sharing_redis_see_each_others_commits(scratch_database, redis_url):
    """Two apps on one database stand for two server processes."""
    overrides = {
        "LINCHPIN_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": scratch_database("shared"),
        "PAGE_CACHE_REDIS_URL": redis_url,
    }
    first, second = create_app(overrides), create_app(overrides)
    with first.app_context():
        db.create_all()
        writer = factories.make_user(role="editor")
        article = factories.make_article(writer, title="Shared title")
        path = f"/articles/{article.slug}"
        for server in (first, second):
            get(server.test_client(), path)
            assert get(server.test_client(), path).headers["X-Cache"] == "HIT"
        from myapp.articles import services

        services.update_article(writer, article, {"title": "New title"})
        page = get(second.test_client(), path)
        assert page.headers["X-Cache"] == "MISS"
        assert "New title" in page.get_data(as_text=True)
        db.session.remove()
        db.drop_all()


def test_without_redis_pages_are_rendered_not_stale(app, author, monkeypatch):
    from myapp.page_cache import PageCache, RedisGeneration

    dead = RedisGeneration("redis://127.0.0.1:1/0")
    cache = PageCache(60, 1 << 20, dead)
    monkeypatch.setitem(app.extensions, "page_cache", cache)
    factories.make_article(author, title="Still served")
    for _ in range(2):
        page = get(app.test_client(), "/")
        assert page.status_code == 200 and "X-Cache" not in page.headers
        assert "Still served" in page.get_data(as_text=True)


def test_the_cache_stays_within_its_size(app):
    from datetime import datetime

    from myapp.page_cache import Entry, LocalGeneration, PageCache

    cache = PageCache(60, 10_000, LocalGeneration())
    for n in range(50):
        cache.put(f"/p{n}", Entry(0, datetime.max, 200, [], b"x" * 1000))
    assert len(cache) == 10
    assert cache.get("/p49", 0) is not None and cache.get("/p0", 0) is None
    assert cache.get("/p49", 1) is None  # another generation: gone
