"""Role changes and deactivation by admins, recorded in the audit log."""

from myapp.audit.models import AuditEntry
from myapp.extensions import db


def test_only_admins_see_users(client, login, editor):
    login(editor)
    assert client.get("/admin/users").status_code == 403


def test_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_admin_changes_a_role_and_it_is_audited(client, login, admin, member):
    login(admin)
    response = client.post(
        f"/admin/users/{member.id}", data={"role": "author", "active": "1"}
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.role == "author"
    [entry] = db.session.query(AuditEntry).all()
    assert (entry.actor_id, entry.action, entry.object_id) == (
        admin.id,
        "user.role",
        member.id,
    )
    assert "member → author" in entry.detail
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "user.role" in page and admin.email in page


def test_admin_deactivates_an_account(client, login, admin, member):
    login(admin)
    client.post(f"/admin/users/{member.id}", data={"role": "member", "active": "0"})
    db.session.refresh(member)
    assert member.active is False


def test_admin_cannot_demote_self(client, login, admin):
    login(admin)
    response = client.post(
        f"/admin/users/{admin.id}", data={"role": "member"}, follow_redirects=True
    )
    assert "cannot demote" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_unknown_role_is_refused(client, login, admin, member):
    login(admin)
    response = client.post(f"/admin/users/{member.id}", data={"role": "emperor"})
    assert response.status_code == 422


def test_unknown_user_is_404(client, login, admin):
    login(admin)
    assert client.post("/admin/users/9999", data={"role": "member"}).status_code == 404
