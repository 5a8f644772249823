"""Pages issue a small, fixed number of SQL statements, however much they show."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from myapp.extensions import db
from tests.factories import make_article, make_comment

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
MAX_QUERIES = 8


@contextmanager
def counting():
    """Count every statement sent to the database (view counter included)."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _queries_for(client, url) -> int:
    """Statements of one full render (not of a copy from the page cache)."""
    db.session.commit()
    client.application.extensions["page_cache"].clear()
    with counting() as statements:
        response = client.get(url, headers=BROWSER)
    assert response.status_code == 200
    return len(statements)


def _article_with(author, editor, comments: int, related: int):
    article = make_article(author, tags=["shared", "topic"])
    for _ in range(related):
        make_article(author, tags=["shared"])
    made = []
    for n in range(comments):
        parent = made[n // 3].id if n and n % 2 else None  # replies, some nested
        made.append(make_comment(article, actor=editor, parent_id=parent))
    return article


@pytest.mark.parametrize("signed_in", [False, True])
def test_article_page_queries_do_not_grow_with_comments(
    client, login, author, editor, signed_in
):
    small = _article_with(author, editor, comments=1, related=0)
    big = _article_with(author, editor, comments=50, related=4)
    if signed_in:
        login(editor)
        client.get("/")  # shows the sign-in message, so both reads below store
    few = _queries_for(client, f"/articles/{small.slug}")
    page = client.get(f"/articles/{big.slug}").get_data(as_text=True)
    assert page.count('class="comment level-') == 50
    assert page.count("level-3") > 0
    assert page.count('<li>\n      <a href="/articles/') == 4  # related articles
    many = _queries_for(client, f"/articles/{big.slug}")
    assert few == many <= MAX_QUERIES


def test_home_page_queries_do_not_grow_with_articles(client, author):
    make_article(author, tags=["one"])
    few = _queries_for(client, "/")
    for n in range(15):
        make_article(author, tags=[f"tag{n}", "shared"])
    many = _queries_for(client, "/")
    assert few == many <= MAX_QUERIES


def test_a_cached_article_page_costs_one_statement_the_view_count(
    client, author, editor
):
    path = f"/articles/{_article_with(author, editor, comments=5, related=2).slug}"
    client.get(path, headers=BROWSER)
    db.session.commit()
    with counting() as statements:
        response = client.get(path, headers=BROWSER)
    assert response.headers["X-Cache"] == "HIT"
    assert len(statements) == 1 and "daily_counts" in statements[0]


@pytest.mark.parametrize("url", ["/tags/shared", "/search?q=paragraph", "/feed.xml"])
def test_index_pages_stay_small(client, author, url):
    for n in range(12):
        make_article(author, tags=["shared", f"t{n}"])
    assert _queries_for(client, url) <= MAX_QUERIES
