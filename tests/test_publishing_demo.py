"""`flask demo seed`: sample articles and comments once; N generated in bulk."""

from sqlalchemy import func, select

from myapp.articles import queries
from myapp.articles.demo_content import SAMPLES
from myapp.articles.models import Article, RelatedArticle, Tag
from myapp.comments.models import Comment
from myapp.extensions import db


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_adds_samples_once(runner, client):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "Sample articles: 12 added" in first.output
    again = runner.invoke(args=["demo", "seed"])
    assert "Sample articles: 0 added, 12 already there." in again.output
    assert _count(Article) == len(SAMPLES) == 12
    assert _count(Comment) == _count(Comment, Comment.status == "approved") == 4
    assert _count(Comment, Comment.parent_id.is_not(None)) == 1
    home = client.get("/").get_data(as_text=True)
    assert SAMPLES[0]["title"] in home
    page = client.get(f"/articles/{SAMPLES[0]['slug']}").get_data(as_text=True)
    assert "3 comments" in page and "in reply to" not in page
    assert "Marta Lindqvist" in page and "Related articles" in page


def test_generated_articles_are_searchable_and_related(runner):
    result = runner.invoke(args=["demo", "seed", "--articles", "40"])
    assert result.exit_code == 0, result.output
    assert _count(Article) == 52
    generated = db.session.scalar(select(Article).order_by(Article.id.desc()).limit(1))
    assert generated.is_public and len(generated.tags) == 3
    assert _count(RelatedArticle, RelatedArticle.article_id == generated.id) > 0
    assert queries.public_articles(q="rehearse").items
    rebuilt = runner.invoke(args=["articles", "rebuild-related"])
    assert rebuilt.exit_code == 0, rebuilt.output


def test_generated_tags_and_comments_for_the_benchmark(runner, client):
    args = ["demo", "seed", "--articles", "60", "--tags", "45", "--comments", "30"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert _count(Tag) == 45
    assert _count(Comment, Comment.status == "approved") == 4 + 30
    busiest = db.session.scalar(
        select(Article)
        .join(Comment, Comment.article_id == Article.id)
        .group_by(Article.id)
        .order_by(func.count(Comment.id).desc())
        .limit(1)
    )
    page = client.get(f"/articles/{busiest.slug}")
    assert page.status_code == 200 and "Reader " in page.get_data(as_text=True)
