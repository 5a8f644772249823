"""Registration, sign-in, sign-out, password reset and the account page."""

import re

from myapp.auth import services
from tests.factories import PASSWORD, make_user


def test_register_signs_in_and_redirects_to_account(client):
    response = client.post(
        "/auth/register",
        data={
            "name": "Rita",
            "email": "Rita@Example.com",
            "password": "long enough pw",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "rita@example.com" in page and "Welcome to Linchpin, Rita." in page


def test_register_errors_keep_values_beside_fields(client):
    response = client.post(
        "/auth/register",
        data={"name": "Rita", "email": "not-an-email", "password": "short"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Rita"' in page
    assert 'id="email-error"' in page and 'id="password-error"' in page
    assert "Shorter than minimum length 10" in page or "at least 10" in page.lower()


def test_register_duplicate_email_is_a_field_error(client, member):
    response = client.post(
        "/auth/register",
        data={
            "name": "Again",
            "email": "MEMBER@example.com",
            "password": "long enough pw",
        },
    )
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_register_with_missing_fields_is_422_not_500(client):
    response = client.post("/auth/register", data={})
    assert response.status_code == 422
    assert "Missing data for required field." in response.get_data(as_text=True)


def test_login_does_not_reveal_whether_email_exists(client, member):
    unknown = client.post(
        "/auth/login", data={"email": "nobody@example.com", "password": "x"}
    )
    wrong = client.post(
        "/auth/login", data={"email": member.email, "password": "wrong pw!!"}
    )
    assert unknown.status_code == wrong.status_code == 422
    assert "Wrong e-mail or password." in unknown.get_data(as_text=True)
    assert "Wrong e-mail or password." in wrong.get_data(as_text=True)


def test_login_next_only_to_relative_path(client, member):
    for bad in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:x",
    ):
        response = client.post(
            f"/auth/login?next={bad}",
            data={"email": member.email, "password": PASSWORD},
        )
        assert response.headers["Location"] == "/", bad
        client.post("/auth/logout")
    response = client.post(
        "/auth/login?next=/account", data={"email": member.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_remember_me_sets_a_remember_cookie(client, member):
    client.post(
        "/auth/login",
        data={"email": member.email, "password": PASSWORD, "remember": "1"},
    )
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only


def test_session_cookie_is_httponly_and_lax(client, member):
    response = client.post(
        "/auth/login", data={"email": member.email, "password": PASSWORD}
    )
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_logout_is_post_only(client, login, member):
    login(member)
    # A GET (a prefetch, a shared link) does not sign out; it opens the home page.
    assert client.get("/auth/logout").status_code == 303
    assert client.get("/account").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/account").status_code == 302


def test_deactivated_user_cannot_sign_in(client, member, admin):
    services.set_role(admin, member, "member", active=False)
    response = client.post(
        "/auth/login", data={"email": member.email, "password": PASSWORD}
    )
    assert response.status_code == 422


def test_account_requires_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_password_reset_by_email_link_is_single_use(client, member, outbox):
    response = client.post("/auth/reset", data={"email": member.email})
    assert response.status_code == 302
    [message] = outbox()
    assert message["To"] == member.email
    link = re.search(
        r"http://\S+/auth/reset/\S+", message.get_payload(decode=True).decode()
    ).group(0)
    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 200
    changed = client.post(path, data={"password": "a brand new password"})
    assert changed.status_code == 302
    assert (
        client.post(
            "/auth/login",
            data={"email": member.email, "password": "a brand new password"},
        ).status_code
        == 302
    )
    again = client.get(path)
    assert again.status_code == 302
    assert "already been used" in client.get("/auth/reset").get_data(as_text=True)


def test_password_reset_for_unknown_email_says_the_same(client, outbox):
    response = client.post(
        "/auth/reset", data={"email": "ghost@example.com"}, follow_redirects=True
    )
    assert "If an account uses that e-mail" in response.get_data(as_text=True)
    assert outbox() == []


def test_password_reset_link_expires(app, client, member, monkeypatch):
    token = services.make_reset_token(member)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(f"/auth/reset/{token}", follow_redirects=True)
    assert "expired" in response.get_data(as_text=True)


def test_change_password_checks_the_current_one(client, login, member):
    login(member)
    wrong = client.post(
        "/account/password",
        data={"current_password": "nope nope nope", "new_password": "another long pw"},
    )
    assert wrong.status_code == 422
    assert "current password is wrong" in wrong.get_data(as_text=True)
    right = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "another long pw"},
    )
    assert right.status_code == 302


def test_tokens_on_account_page_shown_once_and_revocable(client, login, member):
    login(member)
    created = client.post(
        "/account/tokens", data={"name": "backup script", "scopes": ["read"]}
    )
    assert created.status_code == 201
    page = created.get_data(as_text=True)
    plain = re.search(r'class="token-value">(lp_[^<]+)<', page).group(1)
    assert "backup script" in page
    assert plain not in client.get("/account").get_data(as_text=True)
    [token] = services.list_tokens(member)
    assert token.scopes == "read"
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert services.list_tokens(member) == []


def test_token_form_errors(client, login, member):
    login(member)
    response = client.post("/account/tokens", data={"name": "", "scopes": ["root"]})
    assert response.status_code == 422


def test_cannot_revoke_someone_elses_token(client, login, member):
    other = make_user()
    token, _ = services.create_token(other, {"name": "theirs"})
    login(member)
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404


def test_csrf_is_enforced_on_forms(app, member, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": member.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "reload the page and try again" in response.get_data(as_text=True)
    page = client.get("/auth/login").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    response = client.post(
        "/auth/login",
        data={
            "email": member.email,
            "password": PASSWORD,
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.status_code == 302


def test_sign_in_is_rate_limited_with_retry_after(app, member, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT", "10 per minute")
    client = app.test_client()
    statuses = [  # other e-mails: the per-account slowdown is not this test
        client.post(
            "/auth/login", data={"email": f"x{n}@example.com", "password": "bad"}
        ).status_code
        for n in range(10)
    ]
    assert statuses == [422] * 10
    blocked = client.post(
        "/auth/login", data={"email": member.email, "password": "bad"}
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
