"""Related articles: shared tags then recency, kept up to date on every save."""

from datetime import timedelta

from sqlalchemy import select

from myapp.articles import queries, related, services
from myapp.articles.models import RelatedArticle
from myapp.database import utcnow
from myapp.extensions import db
from tests.factories import make_article


def _ago(days):
    return utcnow() - timedelta(days=days)


def _titles(article):
    return [a.title for a in queries.related_articles(article)]


def test_ranked_by_shared_tags_then_recency(author):
    main = make_article(
        author, title="Main", tags=["a", "b", "c"], published_at=_ago(9)
    )
    make_article(author, title="One tag, new", tags=["a"], published_at=_ago(1))
    make_article(author, title="Two tags, old", tags=["a", "b"], published_at=_ago(8))
    make_article(author, title="Two tags, new", tags=["b", "c"], published_at=_ago(2))
    make_article(author, title="Three tags", tags=["c", "b", "a"], published_at=_ago(7))
    make_article(author, title="One tag, old", tags=["c"], published_at=_ago(6))
    make_article(author, title="Unrelated", tags=["z"], published_at=_ago(1))
    assert _titles(main) == [
        "Three tags",
        "Two tags, new",
        "Two tags, old",
        "One tag, new",
    ]


def test_never_itself_nor_unpublished(author, clock):
    main = make_article(author, title="Main", tags=["a"])
    make_article(author, title="Draft", tags=["a"], status="draft")
    archived = make_article(author, title="Archived", tags=["a"])
    services.archive_article(author, archived)
    later = clock.now() + timedelta(hours=1)
    make_article(author, title="Scheduled", tags=["a"], published_at=later)
    assert _titles(main) == []
    clock.move(hours=2)
    assert _titles(main) == ["Scheduled"]


def test_a_new_article_joins_older_articles_lists(author):
    older = [
        make_article(author, tags=["a"], published_at=_ago(30 - i)) for i in range(10)
    ]
    newest = make_article(author, title="Newest", tags=["a"], published_at=_ago(1))
    for article in older:
        assert _titles(article)[0] == "Newest"
    assert len(_titles(newest)) == 4
    stored = db.session.scalars(
        select(RelatedArticle.related_id).where(
            RelatedArticle.article_id == older[0].id
        )
    ).all()
    assert len(stored) == related.KEEP and newest.id in stored


def test_changing_tags_moves_an_article_between_lists(author):
    a = make_article(author, title="A", tags=["a"])
    b = make_article(author, title="B", tags=["b"])
    moving = make_article(author, title="Moving", tags=["a"])
    assert (_titles(a), _titles(b)) == (["Moving"], [])
    services.update_article(author, moving, {"tags": ["b"]})
    assert (_titles(a), _titles(b)) == ([], ["Moving"])


def test_bulk_rebuild_gives_the_same_lists(author):
    for i in range(14):
        tags = [["a", "b"], ["a"], ["b", "c"], ["c"], ["a", "b", "c"]][i % 5]
        make_article(author, tags=tags, published_at=_ago(i + 1))
    before = db.session.execute(
        select(RelatedArticle.article_id, RelatedArticle.related_id)
    ).all()
    related.rebuild_all()
    db.session.commit()
    after = db.session.execute(
        select(RelatedArticle.article_id, RelatedArticle.related_id)
    ).all()
    assert sorted(before) == sorted(after)
