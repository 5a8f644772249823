"""The audit log answers "who did what, when" for the changes people ask about."""

import re

from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.directory.listings import services as listings
from myapp.extensions import db
from tests.factories import PASSWORD, make_listing


def entries(action):
    stmt = select(AuditEntry).where(AuditEntry.action == action)
    return list(db.session.scalars(stmt))


def test_reset_requests_and_resets_are_recorded(client, member, outbox, login, admin):
    client.post("/auth/reset", data={"email": member.email})
    [asked] = entries("user.reset_request")
    assert asked.object_id == member.id and asked.actor_id is None
    [message] = outbox()
    path = re.search(r"/auth/reset/\S+", message.get_payload(decode=True).decode())
    client.post(path.group(0), data={"password": "a brand new password"})
    [reset] = entries("user.password_reset")
    assert reset.actor_id == member.id and reset.created_at is not None
    login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "user.reset_request" in page and "user.password_reset" in page


def test_token_creation_and_revocation_are_recorded(client, login, member):
    login(member)
    client.post("/account/tokens", data={"name": "backup script", "scopes": ["read"]})
    [created] = entries("token.create")
    assert created.actor_id == member.id and "backup script" in created.detail
    client.post(f"/account/tokens/{created.object_id}/revoke")
    [revoked] = entries("token.revoke")
    assert revoked.actor_id == member.id and revoked.object_id == created.object_id


def test_an_owner_edit_waiting_for_review_is_recorded(app):
    listing = make_listing(name="Audit Shop")
    listings.update_listing(listing.owner, listing, {"city": "Bruges"})
    [submitted] = entries("listing.edit_submit")
    assert submitted.actor_id == listing.owner_id and submitted.detail == "city"


def test_password_changes_are_recorded(client, login, member):
    login(member)
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "another long pw"},
    )
    assert changed.status_code == 302
    [entry] = entries("user.password_change")
    assert entry.actor_id == member.id == entry.object_id


def test_a_staff_account_made_from_the_command_line_is_recorded(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "ed@example.com", "--role", "editor"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    [granted] = entries("user.role")
    assert granted.actor_id is None
    assert granted.detail == "created as editor from the command line"
