"""Signing in with a second factor: the pending step, codes, devices, staff rule."""

import pytest

from myapp.auth.twofactor import totp
from tests.factories import body_of, mail_about, subject_of
from tests.twofactor_support import code_at, enable_totp, password_step


def test_password_alone_no_longer_signs_in_with_an_app(client, member):
    enable_totp(member)
    response = password_step(client, member)
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/second-factor"
    assert client.get("/account").status_code == 302  # not signed in yet
    page = client.get("/auth/second-factor").get_data(as_text=True)
    assert "authenticator app" in page and "Remember this device" in page


def test_right_code_finishes_the_sign_in_and_goes_next(client, member):
    secret, _ = enable_totp(member)
    client.post(
        "/auth/login?next=/account",
        data={"email": member.email, "password": "correct horse battery"},
    )
    response = client.post("/auth/second-factor", data={"code": code_at(secret, 1)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    assert client.get("/auth/second-factor").status_code == 302  # marker gone


def test_wrong_or_replayed_code_is_refused(client, member):
    secret, _ = enable_totp(member)
    password_step(client, member)
    wrong = client.post("/auth/second-factor", data={"code": "000000"})
    assert wrong.status_code == 422
    assert "not right" in wrong.get_data(as_text=True)
    # The code that confirmed the set-up was used; it is not accepted again.
    again = client.post("/auth/second-factor", data={"code": code_at(secret)})
    assert again.status_code == 422
    assert client.get("/account").status_code == 302


def test_recovery_code_works_once(app, client, member, outbox):
    _, codes = enable_totp(member)
    password_step(client, member)
    used = client.post("/auth/second-factor", data={"code": codes[0].upper()})
    assert used.status_code == 302
    assert totp.recovery_codes_left(member) == 9
    bodies = [body_of(m) for m in outbox() if "Two-factor" in subject_of(m)]
    assert any("recovery code was used to sign in; 9 left" in b for b in bodies)
    other = app.test_client()
    password_step(other, member)
    assert other.post("/auth/second-factor", data={"code": codes[0]}).status_code == 422
    assert other.post("/auth/second-factor", data={"code": codes[1]}).status_code == 302


def test_second_step_expires(app, client, member, monkeypatch):
    secret, _ = enable_totp(member)
    password_step(client, member)
    monkeypatch.setitem(app.config, "SIGNIN_PENDING_SECONDS", -1)
    response = client.post("/auth/second-factor", data={"code": code_at(secret, 1)})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert client.get("/account").status_code == 302


def test_remembered_device_skips_the_second_step_until_forgotten(client, member):
    secret, _ = enable_totp(member)
    password_step(client, member)
    client.post(
        "/auth/second-factor", data={"code": code_at(secret, 1), "remember_device": "1"}
    )
    client.post("/auth/logout")
    response = password_step(client, member)
    assert response.headers["Location"] == "/"  # signed in at once
    client.post("/account/two-factor/devices/forget")
    client.post("/auth/logout")
    assert password_step(client, member).headers["Location"] == "/auth/second-factor"


def test_a_forged_device_cookie_is_not_trusted(app, client, member):
    secret, _ = enable_totp(member)
    client.set_cookie("lp_device", "forged.value")
    assert password_step(client, member).headers["Location"] == "/auth/second-factor"


def test_per_account_limit_on_codes(app, client, member, monkeypatch):
    enable_totp(member)
    monkeypatch.setitem(app.config, "TWO_FACTOR_RATE_LIMIT", "2 per minute")
    other = app.test_client()
    password_step(client, member)
    password_step(other, member)
    step = "/auth/second-factor"
    assert client.post(step, data={"code": "111111"}).status_code == 422
    assert other.post(step, data={"code": "222222"}).status_code == 422
    # A third guess at the same account is refused, whichever client sends it.
    assert client.post(step, data={"code": "333333"}).status_code == 429


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_staff_must_set_up_an_app_when_required(
    app, client, role, request, monkeypatch
):
    user = request.getfixturevalue(role)
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_STAFF", True)
    response = password_step(client, user)
    assert response.headers["Location"] == "/auth/second-factor/setup"
    page = client.get("/auth/second-factor/setup").get_data(as_text=True)
    assert "data:image/svg+xml" in page  # the QR code, drawn on the server
    secret = totp.get_factor(user).secret
    assert secret in page
    assert client.get("/admin").status_code == 302  # not signed in yet
    done = client.post("/auth/second-factor/setup", data={"code": code_at(secret)})
    assert done.status_code == 200
    assert done.get_data(as_text=True).count("<li><code>") == 10
    assert client.get("/account").status_code == 200


def test_members_and_authors_are_not_required(app, client, author, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_STAFF", True)
    assert password_step(client, author).headers["Location"] == "/"


def test_staff_rule_is_off_by_default_in_testing(app, client, editor):
    assert app.config["REQUIRE_2FA_FOR_STAFF"] is False
    assert password_step(client, editor).headers["Location"] == "/"


def test_member_enrols_from_the_account_page(client, login, member, outbox):
    login(member)
    assert "Two-factor settings" in client.get("/account").get_data(as_text=True)
    page = client.get("/account/two-factor/app").get_data(as_text=True)
    secret = totp.get_factor(member).secret
    assert secret in page and "data:image/svg+xml" in page
    bad = client.post("/account/two-factor/app", data={"code": "123"})
    assert bad.status_code == 422
    assert secret in bad.get_data(as_text=True)  # the same secret, shown again
    done = client.post("/account/two-factor/app", data={"code": code_at(secret)})
    assert done.status_code == 201
    assert totp.has_totp(member)
    assert "authenticator app was set up" in body_of(mail_about(outbox, "Two-factor"))


def test_new_recovery_codes_replace_the_old(client, login, member):
    secret, old = enable_totp(member)
    password_step(client, member)
    client.post("/auth/second-factor", data={"code": code_at(secret, 1)})
    page = client.post("/account/two-factor/recovery-codes")
    assert page.status_code == 201
    assert old[0] not in page.get_data(as_text=True)
    client.post("/auth/logout")
    password_step(client, member)
    assert client.post("/auth/second-factor", data={"code": old[0]}).status_code == 422


def test_staff_cannot_turn_off_their_only_factor(app, client, editor, monkeypatch):
    secret, _ = enable_totp(editor)
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_STAFF", True)
    password_step(client, editor)
    client.post("/auth/second-factor", data={"code": code_at(secret, 1)})
    response = client.post("/account/two-factor/app/disable", follow_redirects=True)
    assert "must keep a second factor" in response.get_data(as_text=True)
    assert totp.has_totp(editor)


def test_member_turns_the_app_off(client, member):
    secret, _ = enable_totp(member)
    password_step(client, member)
    client.post("/auth/second-factor", data={"code": code_at(secret, 1)})
    client.post("/account/two-factor/app/disable")
    assert not totp.has_totp(member)
    client.post("/auth/logout")
    assert password_step(client, member).headers["Location"] == "/"
