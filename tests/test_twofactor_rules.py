"""Re-authentication, admin reset, sign-in notices, the token endpoint and policy."""

import re

import pytest

from myapp.audit.models import AuditEntry
from myapp.auth.twofactor import totp
from myapp.extensions import db
from myapp.policy import can
from tests.factories import PASSWORD, body_of, mail_about, subject_of
from tests.twofactor_support import code_at, enable_totp, password_step


@pytest.fixture
def stale(app, monkeypatch):
    """Every sign-in is already too old for sensitive changes."""
    monkeypatch.setitem(app.config, "REAUTH_SECONDS", 0)


def test_token_creation_asks_for_the_password_again(
    app, client, login, member, stale, monkeypatch
):
    login(member)
    response = client.post("/account/tokens", data={"name": "ci"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/confirm?next=/account")
    assert not member.tokens
    wrong = client.post("/auth/confirm?next=/account", data={"password": "nope"})
    assert wrong.status_code == 422
    monkeypatch.setitem(app.config, "REAUTH_SECONDS", 300)
    ok = client.post("/auth/confirm?next=/account", data={"password": PASSWORD})
    assert ok.headers["Location"] == "/account"
    assert client.post("/account/tokens", data={"name": "ci"}).status_code == 201


def test_with_an_app_the_confirmation_needs_a_code(
    app, client, member, stale, monkeypatch
):
    secret, codes = enable_totp(member)
    password_step(client, member)
    client.post("/auth/second-factor", data={"code": code_at(secret, 1)})
    page = client.get("/auth/confirm").get_data(as_text=True)
    assert 'name="code"' in page and 'name="password"' not in page
    refused = client.post("/auth/confirm", data={"password": PASSWORD})
    assert refused.status_code == 422
    monkeypatch.setitem(app.config, "REAUTH_SECONDS", 300)
    confirmed = client.post("/auth/confirm", data={"code": codes[0]})
    assert confirmed.status_code == 302


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/account/password", {"current_password": PASSWORD, "new_password": "x" * 12}),
        ("/account/two-factor/app/disable", {}),
        ("/account/two-factor/recovery-codes", {}),
    ],
)
def test_sensitive_account_changes_need_a_recent_sign_in(
    client, login, member, stale, path, form
):
    login(member)
    response = client.post(path, data=form)
    assert response.headers["Location"].startswith("/auth/confirm")


def test_role_change_needs_a_recent_sign_in(client, login, admin, member, stale):
    login(admin)
    response = client.post(f"/admin/users/{member.id}", data={"role": "editor"})
    assert response.headers["Location"].startswith("/auth/confirm?next=/admin/users")
    assert member.role == "member"


def test_recent_sign_in_is_enough(client, login, admin, member):
    login(admin)
    client.post(f"/admin/users/{member.id}", data={"role": "editor"})
    assert member.role == "editor"


def test_admin_resets_a_second_factor(app, client, login, admin, editor, outbox):
    enable_totp(editor)
    login(admin)
    response = client.post(f"/admin/users/{editor.id}/two-factor/reset")
    assert response.status_code == 302
    assert not totp.has_totp(editor)
    assert totp.recovery_codes_left(editor) == 0
    [entry] = AuditEntry.query.filter_by(action="user.2fa_reset").all()
    assert entry.actor_id == admin.id and entry.object_id == editor.id
    mails = [m for m in outbox() if m["To"] == editor.email]
    assert any("An administrator (" in body_of(m) for m in mails)
    other = app.test_client()
    assert password_step(other, editor).headers["Location"] == "/"


def test_only_admins_reset_and_not_their_own(client, login, admin, editor, member):
    login(editor)
    assert client.post(f"/admin/users/{member.id}/two-factor/reset").status_code == 403
    client.post("/auth/logout")
    login(admin)
    assert client.post(f"/admin/users/{admin.id}/two-factor/reset").status_code == 403


def test_users_page_offers_the_reset(client, login, admin, member):
    login(admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{member.id}/two-factor/reset" in page
    assert f"/admin/users/{admin.id}/two-factor/reset" not in page


def test_sign_in_from_a_new_device_is_e_mailed(app, client, login, member, outbox):
    login(member)
    assert outbox() == []  # the first device is no news
    client.post("/auth/logout")
    login(member)  # the same browser again
    assert outbox() == []
    login(member, on=app.test_client())
    notice = mail_about(outbox, "New sign-in")
    assert notice["To"] == member.email
    assert "new device" in body_of(notice)


def test_the_registering_browser_is_known_another_is_news(app, client, outbox):
    data = {"email": "new@example.com", "name": "New", "password": PASSWORD}
    assert client.post("/auth/register", data=data).status_code == 302
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": data["email"], "password": PASSWORD})
    # the only e-mail so far is the address's confirmation link
    assert [subject_of(m) for m in outbox()] == ["Confirm your e-mail address"]
    other = app.test_client()
    other.post("/auth/login", data={"email": data["email"], "password": PASSWORD})
    assert mail_about(outbox, "New sign-in")["To"] == "new@example.com"


def test_security_changes_are_e_mailed(client, login, member, outbox):
    login(member)
    client.post("/account/tokens", data={"name": "ci"})
    token_id = member.tokens[0].id
    client.post(f"/account/tokens/{token_id}/revoke")
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a new long password"},
    )
    subjects = [subject_of(m) for m in outbox()]
    assert subjects.count("API tokens of your Linchpin account changed") == 2
    assert "Your Linchpin password was changed" in subjects


def test_token_endpoint_needs_the_code_with_an_app(api, member):
    secret, codes = enable_totp(member)
    body = {"email": member.email, "password": PASSWORD, "name": "ci"}
    missing = api().post("/tokens", json=body)
    assert missing.status_code == 401
    assert "otp" in missing.get_json()["detail"]
    wrong = api().post("/tokens", json={**body, "otp": "000000"})
    assert wrong.status_code == 401
    ok = api().post("/tokens", json={**body, "otp": code_at(secret, 1)})
    assert ok.status_code == 201, ok.get_json()
    replay = api().post("/tokens", json={**body, "otp": code_at(secret, 1)})
    assert replay.status_code == 401
    assert api().post("/tokens", json={**body, "otp": codes[3]}).status_code == 201


def test_token_endpoint_refuses_staff_without_a_usable_factor(
    app, api, editor, monkeypatch
):
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_STAFF", True)
    body = {"email": editor.email, "password": PASSWORD, "name": "ci"}
    response = api().post("/tokens", json=body)
    assert response.status_code == 403
    assert "account page" in response.get_json()["detail"]


def test_token_endpoint_unchanged_without_two_factor(api, member):
    body = {"email": member.email, "password": PASSWORD, "name": "ci"}
    assert api().post("/tokens", json=body).status_code == 201


def test_policy_rules(db, member, author, editor, admin):
    assert [can(u, "twofactor.required") for u in (member, author, editor, admin)] == [
        False,
        False,
        True,
        True,
    ]
    assert can(admin, "twofactor.reset", editor)
    assert not can(admin, "twofactor.reset", admin)
    assert not can(editor, "twofactor.reset", member)


def test_check_deploy_warns_when_staff_rule_is_off(runner, app, monkeypatch):
    result = runner.invoke(args=["check-deploy"])
    assert "WARN REQUIRE_2FA_FOR_STAFF" in result.output
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_STAFF", True)
    assert "OK   REQUIRE_2FA_FOR_STAFF" in runner.invoke(args=["check-deploy"]).output


def test_production_turns_the_staff_rule_on_by_default(monkeypatch):
    from myapp.config import ProductionConfig

    monkeypatch.delenv("REQUIRE_2FA_FOR_STAFF", raising=False)
    assert ProductionConfig.REQUIRE_2FA_FOR_STAFF is True


def test_email_change_needs_a_recent_sign_in(client, login, member, stale):
    login(member)
    response = client.post("/account/email", data={"email": "new@example.com"})
    assert response.headers["Location"].startswith("/auth/confirm")
    assert member.email == "member@example.com"


def test_email_change_tells_both_addresses(client, login, member, outbox):
    login(member)
    response = client.post("/account/email", data={"email": "New@Example.com"})
    assert response.status_code == 302
    assert member.email == "member@example.com"  # until the new one is confirmed
    link = mail_about(outbox, "Confirm your new e-mail address")
    path = re.search(r"http://localhost(/auth/confirm-email/\S+)", body_of(link))
    client.get(path.group(1))
    db.session.refresh(member)
    assert member.email == "new@example.com"
    notices = [m for m in outbox() if "account was changed" in subject_of(m)]
    assert sorted(m["To"] for m in notices) == ["member@example.com", "new@example.com"]
    assert "from member@example.com to new@example.com" in body_of(notices[0])


def test_email_change_to_a_taken_address_is_refused(client, login, member, author):
    login(member)
    response = client.post("/account/email", data={"email": author.email})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Another account uses this e-mail address." in page
    assert author.email in page  # the value is kept in the form
