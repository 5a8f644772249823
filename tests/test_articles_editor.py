"""The editor's pages: list, write with preview, edit, publish, archive, delete."""

from sqlalchemy import select

from myapp.articles.models import Article
from myapp.audit.models import AuditEntry
from tests.factories import make_article, make_user

FORM = {
    "title": "Running a small site",
    "slug": "",
    "summary": "",
    "body": "First paragraph.\n\n## Part two\n\nMore.",
    "tags": "hosting, Backups",
    "status": "draft",
    "published_at": "",
}


def test_preview_renders_without_saving(client, login, author, db):
    login(author)
    response = client.post(
        "/admin/articles/new", data={**FORM, "body": "Hello *there*", "preview": "1"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<p>Hello <em>there</em></p>" in page and "Not saved yet" in page
    assert 'value="Running a small site"' in page
    assert db.session.scalars(select(Article)).all() == []


def test_create_redirects_to_edit_with_a_flash(client, login, author, db):
    login(author)
    response = client.post("/admin/articles/new", data={**FORM, "save": "1"})
    article = db.session.scalars(select(Article)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/articles/{article.id}/edit"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved “Running a small site” (draft)." in page
    assert 'value="Backups, hosting"' in page
    assert article.slug == "running-a-small-site" and article.status == "draft"


def test_errors_come_back_beside_their_fields_with_values_kept(client, login, author):
    login(author)
    bad = {**FORM, "title": "", "slug": "Not A Slug", "published_at": "soon"}
    response = client.post("/admin/articles/new", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("title", "slug", "published_at"):
        assert f'id="{field}-error"' in page
    assert "First paragraph." in page and 'value="hosting, Backups"' in page
    scheduled = {**FORM, "status": "scheduled"}
    response = client.post("/admin/articles/new", data=scheduled)
    assert response.status_code == 422
    assert "choose a publication time in the future" in response.get_data(as_text=True)


def test_taken_slug_is_a_field_error(client, login, author):
    make_article(author, slug="taken")
    login(author)
    response = client.post("/admin/articles/new", data={**FORM, "slug": "taken"})
    assert response.status_code == 422
    assert "Another article already uses this slug." in response.get_data(as_text=True)


def test_schedule_from_the_form(client, login, author, db):
    login(author)
    client.post(
        "/admin/articles/new",
        data={**FORM, "status": "scheduled", "published_at": "2999-01-01T09:30"},
    )
    article = db.session.scalars(select(Article)).one()
    assert article.display_status == "scheduled"
    assert str(article.published_at) == "2999-01-01 09:30:00"


def test_authors_edit_only_their_own(client, login, author, editor):
    theirs = make_article(make_user(role="author"), title="Someone else's")
    draft = make_article(make_user(role="author"), status="draft")
    login(author)
    assert client.get(f"/admin/articles/{theirs.id}/edit").status_code == 403
    assert client.post(f"/admin/articles/{theirs.id}/archive").status_code == 403
    assert client.get(f"/admin/articles/{draft.id}/edit").status_code == 404
    client.post("/auth/logout")
    login(editor)
    response = client.post(
        f"/admin/articles/{theirs.id}/edit",
        data={**FORM, "title": "Fixed by an editor", "status": "published"},
    )
    assert response.status_code == 302


def test_members_and_visitors_stay_out(client, login, member):
    assert client.get("/admin/articles").status_code == 302
    login(member)
    assert client.get("/admin/articles").status_code == 403
    assert client.get("/admin/articles/new").status_code == 403


def test_list_filters_by_status(client, login, author, editor):
    make_article(author, title="A draft", status="draft")
    make_article(author, title="A published one")
    make_article(make_user(role="author"), title="Not mine")
    login(author)
    mine = client.get("/admin/articles").get_data(as_text=True)
    assert "A draft" in mine and "A published one" in mine and "Not mine" not in mine
    drafts = client.get("/admin/articles?status=draft").get_data(as_text=True)
    assert "A draft" in drafts and "A published one" not in drafts
    client.post("/auth/logout")
    login(editor)
    assert "Not mine" in client.get("/admin/articles").get_data(as_text=True)


def test_publish_archive_delete_are_audited(client, login, author, editor, db):
    article = make_article(author, title="Lifecycle", status="draft")
    login(editor)
    client.post(f"/admin/articles/{article.id}/publish")
    assert client.get(f"/articles/{article.slug}").status_code == 200
    client.post(f"/admin/articles/{article.id}/archive")
    confirm = client.get(f"/admin/articles/{article.id}/delete")
    assert "Delete “Lifecycle”?" in confirm.get_data(as_text=True)
    response = client.post(f"/admin/articles/{article.id}/delete")
    assert response.headers["Location"] == "/admin/articles"
    assert "Deleted “Lifecycle”." in client.get("/admin/articles").get_data(
        as_text=True
    )
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.actor_id == editor.id)
    ).all()
    assert {e.action for e in entries} >= {
        "article.publish",
        "article.archive",
        "article.delete",
    }


def test_the_scheduling_form_speaks_the_site_time_zone(
    app, client, login, editor, monkeypatch
):
    from myapp.articles.models import Article
    from myapp.extensions import db

    monkeypatch.setitem(app.config, "SITE_TIMEZONE", "Europe/Berlin")
    login(editor)
    page = client.get("/admin/articles/new").get_data(as_text=True)
    assert "Publication time (Europe/Berlin)" in page
    response = client.post(
        "/admin/articles/new",
        data={
            "title": "Winter hours",
            "body": "We open later in winter.",
            "status": "scheduled",
            "published_at": "2030-12-01T14:05",
        },
    )
    assert response.status_code == 302
    article = db.session.query(Article).filter_by(title="Winter hours").one()
    assert article.published_at.isoformat() == "2030-12-01T13:05:00"  # UTC
    edit = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="2030-12-01T14:05"' in edit and "14:05 CET" in edit
