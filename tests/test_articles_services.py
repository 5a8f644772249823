"""Article rules: slugs, rendering, tags, visibility, scheduling, audit."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from myapp.articles import queries, services
from myapp.articles.models import Article, Tag
from myapp.audit.models import AuditEntry
from myapp.database import utcnow
from myapp.errors import ConflictError, InvalidInput, NotFoundError, PermissionDenied
from myapp.extensions import db
from tests.factories import make_article, make_user


def test_slug_is_generated_unique_and_kept_when_the_title_changes(author):
    first = make_article(author, title="Hello, World!")
    second = make_article(author, title="Hello world")
    assert (first.slug, second.slug) == ("hello-world", "hello-world-2")
    services.update_article(author, first, {"title": "A new title"})
    assert first.slug == "hello-world"


def test_chosen_slug_must_be_free(author):
    make_article(author, title="One", slug="taken")
    with pytest.raises(ConflictError) as caught:
        make_article(author, title="Two", slug="taken")
    assert caught.value.errors == {"slug": [caught.value.detail]}


def test_body_is_rendered_once_on_save_with_excerpt(author):
    article = make_article(
        author, body="# Heading\n\nFirst *para*.\n\nSecond para.\n\n<b>raw</b>"
    )
    assert "<h2>Heading</h2>" in article.body_html
    assert "<em>para</em>" in article.body_html
    assert "&lt;b&gt;raw&lt;/b&gt;" in article.body_html
    assert article.excerpt == "First para."
    services.update_article(author, article, {"summary": "  The summary.  "})
    assert article.excerpt == "The summary."
    services.update_article(author, article, {"summary": ""})
    assert article.summary is None and article.excerpt == "First para."


def test_long_first_paragraph_is_cut_at_a_word(author):
    article = make_article(author, body="word " * 200)
    assert len(article.excerpt) <= 300 and article.excerpt.endswith("…")


def test_tags_are_created_on_the_fly_and_merged(author):
    article = make_article(author, tags=["Hosting", "hosting", "Small  business"])
    other = make_article(author, tags=["hosting"])
    assert [t.name for t in article.tags] == ["Hosting", "Small business"]
    assert other.tags[0].id == article.tags[0].id
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 2


def test_a_tag_without_ascii_letters_gets_a_stable_slug(author):
    article = make_article(author, tags=["日本"])
    again = make_article(author, tags=["日本"])
    assert article.tags[0].slug.startswith("tag-")
    assert again.tags[0].id == article.tags[0].id
    assert services.get_tag(article.tags[0].slug).name == "日本"


def test_drafts_are_hidden_from_visitors_and_other_authors(author, editor, member):
    draft = make_article(author, status="draft")
    other_author = make_user(role="author")
    for viewer in (None, member, other_author):
        with pytest.raises(NotFoundError):
            services.get_article_by_slug(draft.slug, viewer)
    assert services.get_article_by_slug(draft.slug, author) is draft
    assert services.get_article_by_slug(draft.slug, editor) is draft
    assert queries.public_articles().items == []


def test_authors_edit_their_own_and_editors_any(author, editor, member):
    article = make_article(author)
    other_author = make_user(role="author")
    with pytest.raises(PermissionDenied):
        services.update_article(other_author, article, {"title": "Mine now"})
    with pytest.raises(PermissionDenied):
        services.delete_article(other_author, article)
    services.update_article(editor, article, {"title": "Edited by an editor"})
    assert article.title == "Edited by an editor"
    with pytest.raises(PermissionDenied):
        make_article(member)


def test_scheduling_needs_a_future_time(author):
    with pytest.raises(InvalidInput) as caught:
        make_article(author, status="scheduled")
    assert "published_at" in caught.value.errors
    past = utcnow() - timedelta(days=1)
    with pytest.raises(InvalidInput):
        make_article(author, status="scheduled", published_at=past)


def test_scheduled_article_goes_live_on_its_own(author, clock):
    when = clock.now() + timedelta(minutes=1)
    article = make_article(author, status="scheduled", published_at=when)
    assert article.status == "published" and article.display_status == "scheduled"
    assert not article.is_public
    assert queries.public_articles().items == []
    clock.move(minutes=2)
    assert article.is_public and article.display_status == "published"
    assert queries.public_articles().items == [article]


def test_publishing_a_scheduled_article_brings_it_forward(author, clock):
    when = clock.now() + timedelta(days=3)
    article = make_article(author, status="scheduled", published_at=when)
    services.publish_article(author, article)
    assert article.is_public and article.published_at <= clock.now()


def test_status_changes_are_audited(author, editor):
    article = make_article(author, status="draft")
    services.publish_article(editor, article)
    services.archive_article(editor, article)
    services.update_article(author, article, {"status": "draft"})
    services.delete_article(editor, article)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
    assert list(actions) == [
        "article.create",
        "article.update",
        "article.publish",
        "article.update",
        "article.archive",
        "article.update",
        "article.unpublish",
        "article.delete",
    ]


def test_deleting_an_article_removes_its_comments_and_related_rows(author, editor):
    from myapp.articles.models import RelatedArticle
    from myapp.comments.models import Comment
    from tests.factories import make_comment

    article = make_article(author, tags=["a"])
    make_article(author, tags=["a"])
    make_comment(article)
    services.delete_article(editor, article)
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    assert db.session.scalar(select(func.count()).select_from(RelatedArticle)) == 0
    assert db.session.scalar(select(func.count()).select_from(Article)) == 1


def test_authors_page_is_only_for_writers(author, member):
    assert services.get_author(author.id) is author
    for user_id in (member.id, 999_999, 10**30):
        with pytest.raises(NotFoundError):
            services.get_author(user_id)
