"""Full-text search: FTS5 / FULLTEXT in step with articles; odd input is harmless."""

import pytest

from myapp.articles import queries, services
from myapp.articles.search import search_terms
from tests.factories import make_article

ODD_INPUT = [
    "",
    "   ",
    '"',
    "'",
    '"unbalanced',
    "--",
    "-- DROP TABLE articles;",
    "*",
    "**",
    "a*b",
    "+",
    "-backups",
    "backups OR hosting",
    "NOT",
    "AND OR NOT NEAR",
    "NEAR(backups hosting)",
    "title:backups",
    "(backups",
    "^backups",
    "@@@",
    "%",
    "_",
    "\\",
    "'; SELECT 1; --",
    "💥 émoji",
    "x" * 300,
    "one two three four five six seven eight nine ten eleven",
]


@pytest.fixture
def library(author):
    return [
        make_article(
            author,
            title="Backups you have restored",
            body="Rehearse the bad day once a quarter.",
            tags=["backups"],
        ),
        make_article(
            author,
            title="Choosing hosting",
            summary="Boring providers win.",
            body="A modest server runs a surprising amount of traffic.",
        ),
        make_article(
            author, title="Draft about backups", body="Not yet.", status="draft"
        ),
    ]


def _found(q):
    return sorted(a.title for a in queries.public_articles(q=q).items)


def test_finds_words_in_title_summary_and_body_by_prefix(library):
    assert _found("backup") == ["Backups you have restored"]
    assert _found("REHEARSE") == ["Backups you have restored"]
    assert _found("providers") == ["Choosing hosting"]
    assert _found("surprising server") == ["Choosing hosting"]
    assert _found("surprising backups") == []
    assert _found("the bad day") == ["Backups you have restored"]


def test_only_published_articles_are_found(library, author):
    assert "Draft about backups" not in _found("backups")
    services.publish_article(author, library[2])
    assert "Draft about backups" in _found("backups")


def test_index_follows_edits_and_deletes(library, author):
    services.update_article(author, library[1], {"title": "Picking a host"})
    assert _found("choosing") == []
    assert _found("picking") == ["Picking a host"]
    services.delete_article(author, library[1])
    assert _found("picking") == []


@pytest.mark.parametrize("q", ODD_INPUT)
def test_odd_input_never_errors(library, q):
    assert isinstance(_found(q), list)


def test_odd_input_gives_words_only():
    assert search_terms('"back*ups" --OR') == ["back", "ups", "or"]
    assert search_terms("* -- '") == []
    assert len(search_terms("w " * 50)) == 1


@pytest.mark.parametrize("q", ODD_INPUT)
def test_odd_input_on_the_search_page(client, library, q):
    assert client.get("/search", query_string={"q": q}).status_code == 200


def test_search_page_lists_matches(client, library):
    page = client.get("/search?q=hosting").get_data(as_text=True)
    assert "Choosing hosting" in page and "Backups you have" not in page
    empty = client.get("/search?q=zebra").get_data(as_text=True)
    assert "No articles match" in empty


def test_rare_and_common_words_find_the_same_articles(author, monkeypatch):
    """Few matches are looked up by id, many by walking the newest: same answer."""
    from datetime import timedelta

    from myapp.articles import search
    from myapp.database import utcnow

    for n in range(5):
        when = utcnow() - timedelta(days=n)
        make_article(author, title=f"Otter sighting {n}", published_at=when)
    make_article(author, title="Otter draft", status="draft")
    make_article(author, title="Beaver sighting")

    def found(q):
        page = queries.public_articles(q=q, limit=3)
        rest = queries.public_articles(q=q, limit=3, cursor=page.next_cursor)
        return [a.title for a in page.items + rest.items]

    rare = found("otter")
    assert rare == [f"Otter sighting {n}" for n in range(5)]
    monkeypatch.setattr(search, "COMMON", 2)
    assert found("otter") == rare
    assert found("walrus") == []
