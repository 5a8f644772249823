"""Comment rules: who waits, spam defences, threads, moderation."""

import time

import pytest
from sqlalchemy import func, select

from myapp.audit.models import AuditEntry
from myapp.comments import services, spam
from myapp.comments.models import Comment
from myapp.comments.spam import FormSignals
from myapp.errors import InvalidInput, PermissionDenied
from myapp.extensions import db
from tests.factories import approve, make_article, make_comment, make_user


@pytest.fixture
def article(author):
    return make_article(author, title="Commented")


def _signals(age=60, honeypot=""):
    return FormSignals(honeypot=honeypot, token=spam.form_token(time.time() - age))


def test_a_visitors_first_comment_waits_and_their_next_is_approved(article, editor):
    first = make_comment(article, author_email="Rita@Example.com")
    assert (first.status, first.reason) == ("pending", "first comment")
    assert make_comment(article, author_email="rita@example.com").status == "pending"
    approve(first, editor)
    again = make_comment(article, author_email=" RITA@example.com ")
    assert (again.status, again.reason) == ("approved", "known commenter")


def test_signed_in_authors_and_up_are_approved_but_members_wait(article, member):
    for role in ("author", "editor", "admin"):
        assert make_comment(article, actor=make_user(role=role)).status == "approved"
    assert make_comment(article, actor=member).status == "pending"


def test_honeypot_is_spam_and_a_too_fast_form_is_sent_back(app, article):
    trapped = make_comment(article, signals=_signals(honeypot="http://spam"))
    assert (trapped.status, trapped.reason) == ("spam", "honeypot filled")
    with pytest.raises(InvalidInput, match="Nothing was saved"):
        make_comment(article, signals=_signals(age=0))
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
    calm = make_comment(article, signals=_signals(age=30))
    assert calm.status == "pending" and calm.reason == "first comment"


def test_a_default_block_word_list_ships_and_can_be_replaced(app, article, monkeypatch):
    assert "viagra" in spam.block_words()
    caught = make_comment(article, body="Cheap viagra here")
    assert caught.status == "spam"
    monkeypatch.setitem(app.config, "COMMENT_BLOCK_WORDS", "-")
    assert spam.block_words() == []
    monkeypatch.setitem(app.config, "COMMENT_BLOCK_WORDS", "lottery")
    assert spam.block_words() == ["lottery"]


def test_a_missing_forged_or_stale_form_token_is_held(app, article, editor):
    known = make_comment(article, author_email="known@example.com")
    approve(known, editor)
    stale = time.time() - app.config["COMMENT_FORM_MAX_AGE"] - 60
    for token in (None, "forged.token", spam.form_token(stale)):
        comment = make_comment(
            article,
            author_email="known@example.com",
            signals=FormSignals(token=token),
        )
        assert comment.status == "pending", token


def test_more_than_two_links_wait_even_for_known_commenters(article, editor):
    approve(make_comment(article, author_email="k@example.com"), editor)
    two = make_comment(
        article, author_email="k@example.com", body="http://a.example www.b.example"
    )
    assert two.status == "approved"
    three = make_comment(
        article,
        author_email="k@example.com",
        body="https://a.example http://b.example www.c.example",
    )
    assert (three.status, three.reason) == ("pending", "3 links")


def test_block_words_mark_spam(app, article, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_BLOCK_WORDS", "casino, cheap pills")
    assert make_comment(article, body="Visit my Casino!").status == "spam"
    assert make_comment(article, author_name="Cheap Pills").status == "spam"
    assert make_comment(article, body="Occasional reader.").status == "pending"


def test_a_reply_must_answer_an_approved_comment_of_the_same_article(
    article, author, editor
):
    other = make_article(author)
    pending = make_comment(article)
    approved = approve(make_comment(article), editor)
    elsewhere = approve(make_comment(other), editor)
    for parent in (pending.id, elsewhere.id, 999_999, 2**31 - 1):
        with pytest.raises(InvalidInput) as caught:
            make_comment(article, parent_id=parent)
        assert "parent_id" in caught.value.errors
    assert make_comment(article, parent_id=approved.id).parent_id == approved.id


def test_thread_nests_three_levels_and_lines_up_deeper_replies(article, editor):
    def reply(parent=None, name="x"):
        parent_id = parent.id if parent else None
        return make_comment(
            article, actor=editor, author_name=name, parent_id=parent_id
        )

    root = reply(name="Root")
    child = reply(root, "Child")
    grandchild = reply(child, "Grandchild")
    deeper = reply(grandchild, "Deeper")
    make_comment(article, author_name="Held")  # pending: not shown
    roots, comments = services.approved_thread(article)
    assert [n.comment for n in roots] == [root] and len(comments) == 4
    level2 = roots[0].children[0]
    assert level2.comment == child and level2.level == 2
    assert [n.comment for n in level2.children] == [grandchild, deeper]
    assert {n.level for n in level2.children} == {3}
    assert level2.children[1].reply_to == "Grandchild"


def test_body_is_plain_text_with_links_marked_nofollow_ugc(article):
    comment = make_comment(article, body="See https://example.com/x.\n\n<b>hi</b>")
    assert comment.body_html == (
        '<p>See <a href="https://example.com/x" rel="nofollow ugc">'
        "https://example.com/x</a>.</p><p>&lt;b&gt;hi&lt;/b&gt;</p>"
    )


def test_moderation_is_for_editors_and_audited(article, author, editor):
    comment = make_comment(article)
    with pytest.raises(PermissionDenied):
        services.moderate_comment(author, comment, "approved")
    assert services.count_pending() == 1
    services.moderate_comment(editor, comment, "spam")
    assert services.count_pending() == 0
    entry = db.session.scalars(select(AuditEntry)).all()[-1]
    assert (entry.action, entry.object_type, entry.object_id) == (
        "comment.spam",
        "comments",
        comment.id,
    )
    assert entry.detail == "pending → spam"


def test_bulk_moderation_changes_each_once(article, editor):
    comments = [make_comment(article) for _ in range(3)]
    ids = [c.id for c in comments] + [999_999]
    assert services.moderate_comments(editor, ids, "approved") == 3
    assert services.moderate_comments(editor, ids, "approved") == 0
    assert services.count_pending() == 0
