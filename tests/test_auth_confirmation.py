"""E-mail confirmation: the link, what an unconfirmed account may not do, resend,
changing the address, and the admin's view."""

import re

from myapp.auth.models import User
from myapp.extensions import db
from tests.factories import body_of, mail_about, make_user

REGISTER = {
    "email": "newcomer@example.com",
    "name": "New Comer",
    "password": "a long enough password",
}


def _link(message) -> str:
    url = re.search(r"http://localhost(/auth/confirm-email/\S+)", body_of(message))
    return url.group(1)


def test_registration_emails_a_link_and_confirming_unlocks(client, outbox, bakeries):
    assert client.post("/auth/register", data=REGISTER).status_code == 302
    user = db.session.query(User).filter_by(email="newcomer@example.com").one()
    assert user.email_confirmed_at is None
    page = client.get("/account").get_data(as_text=True)
    assert "Please confirm your e-mail address" in page
    credentials = {"email": REGISTER["email"], "password": REGISTER["password"]}
    client.post("/auth/login", data=credentials)  # token changes need a fresh sign-in
    refused = client.post("/account/tokens", data={"name": "script"})
    assert refused.status_code == 403
    assert "Confirm your e-mail address" in refused.get_data(as_text=True)
    message = mail_about(outbox, "Confirm your e-mail address")
    assert message["To"] == "newcomer@example.com"
    response = client.get(_link(message))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email_confirmed_at is not None
    assert "Please confirm" not in client.get("/account").get_data(as_text=True)
    assert client.post("/account/tokens", data={"name": "script"}).status_code == 201


def test_unconfirmed_member_cannot_submit_a_listing(client, login, bakeries):
    from myapp.directory.models import Listing

    login(make_user(confirmed=False))
    response = client.post(
        "/directory/submit",
        data={
            "plan": "free",
            "name": "Crumbs",
            "url": "https://crumbs.example.com/",
            "description": "Bread and cakes baked every morning.",
            "category_id": bakeries.id,
            "email": "owner@example.com",
            "terms": "1",
        },
    )
    # sent to the account page, which says what to do and can send the link again
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "Confirm your e-mail address first" in page
    assert db.session.query(Listing).count() == 0


def test_unconfirmed_account_cannot_create_api_token(client, api):
    user = make_user(confirmed=False)
    response = api().post(
        "/api/v1/tokens",
        json={"email": user.email, "password": "correct horse battery", "name": "x"},
    )
    assert response.status_code == 403
    assert response.get_json()["type"].endswith("/unconfirmed")


def test_link_expires(client, outbox, clock, app):
    client.post("/auth/register", data=REGISTER)
    link = _link(mail_about(outbox, "Confirm your e-mail address"))
    clock.move(seconds=app.config["EMAIL_CONFIRM_MAX_AGE"] + 60)
    response = client.get(link, follow_redirects=True)
    assert "expired" in response.get_data(as_text=True)
    user = db.session.query(User).filter_by(email="newcomer@example.com").one()
    assert user.email_confirmed_at is None


def test_forged_link_is_refused(client):
    response = client.get("/auth/confirm-email/not-a-token", follow_redirects=True)
    assert "not valid" in response.get_data(as_text=True)


def test_send_again_is_rate_limited(client, login, app, monkeypatch, outbox):
    monkeypatch.setitem(app.config, "CONFIRM_RESEND_RATE_LIMIT", "2 per hour")
    login(make_user(confirmed=False))
    for _ in range(2):
        assert client.post("/account/confirm/resend").status_code == 302
    assert client.post("/account/confirm/resend").status_code == 429
    assert len(outbox()) == 2


def test_changing_email_confirms_the_new_address_first(client, login, outbox):
    member = make_user(email="old@example.com")
    login(member)
    response = client.post("/account/email", data={"email": "New@Example.com"})
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.email == "old@example.com"
    message = mail_about(outbox, "Confirm your new e-mail address")
    assert message["To"] == "new@example.com"
    link = _link(message)
    client.get(link)
    db.session.refresh(member)
    assert member.email == "new@example.com" and member.email_confirmed_at
    again = client.get(link, follow_redirects=True)  # a link works once
    assert "already been used" in again.get_data(as_text=True)


def test_email_change_to_a_taken_address_is_refused(client, login):
    make_user(email="taken@example.com")
    login(make_user())
    response = client.post("/account/email", data={"email": "taken@example.com"})
    assert response.status_code == 422
    assert "Another account uses" in response.get_data(as_text=True)


def test_member_changes_name(client, login, member):
    login(member)
    assert client.post("/account/name", data={"name": "  Ada   L. "}).status_code == 302
    db.session.refresh(member)
    assert member.name == "Ada L."
    assert client.post("/account/name", data={"name": " "}).status_code == 422


def test_admin_sees_unconfirmed_accounts_and_resends(client, login, admin, outbox):
    newcomer = make_user(confirmed=False, email="late@example.com")
    login(admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Resend link" in page
    response = client.post(f"/admin/users/{newcomer.id}/confirm/resend")
    assert response.status_code == 302
    assert mail_about(outbox, "Confirm your e-mail address")["To"] == newcomer.email


def test_members_cannot_resend_for_others(client, login, member):
    other = make_user(confirmed=False)
    login(member)
    assert client.post(f"/admin/users/{other.id}/confirm/resend").status_code == 403


def test_cli_and_existing_accounts_count_as_confirmed(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "ops@example.com",
            "--password",
            "a long enough password",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="ops@example.com").one()
    assert user.email_confirmed_at is not None
