"""Passkeys through the JSON steps the page script uses, with a software key."""

import pytest

from myapp.auth.twofactor.services import list_passkeys
from tests.passkey_authenticator import SoftPasskey
from tests.twofactor_support import password_step


@pytest.fixture(autouse=True)
def localhost_relying_party(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBAUTHN_RP_ID", "localhost")
    monkeypatch.setitem(app.config, "WEBAUTHN_ORIGIN", "http://localhost")


def register(client, key, name="Laptop"):
    options = client.post("/account/passkeys/options").get_json()
    assert options["rp"]["id"] == "localhost"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    return client.post(
        "/account/passkeys", json={"name": name, "credential": key.create(options)}
    )


def sign_in_with(client, key, step="passwordless", verified=True, **body):
    options = client.post(f"/auth/passkey/options?step={step}").get_json()
    answer = key.get(options, verified=verified)
    return client.post(
        f"/auth/passkey?step={step}", json={"credential": answer, **body}
    )


def test_register_then_sign_in_without_password(app, client, login, member, outbox):
    key = SoftPasskey()
    login(member)
    created = register(client, key)
    assert created.status_code == 201
    assert created.get_json() == {"redirect": "/account/two-factor"}
    assert [p.name for p in list_passkeys(member)] == ["Laptop"]
    assert any("passkey (Laptop) was added" in m.get_payload() for m in outbox())

    browser = app.test_client()
    answer = sign_in_with(browser, key)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json() == {"redirect": "/"}
    assert browser.get("/account").status_code == 200
    assert list_passkeys(member)[0].sign_count == 1


def test_password_less_sign_in_needs_user_verification(app, client, login, member):
    key = SoftPasskey()
    login(member)
    register(client, key)
    answer = sign_in_with(app.test_client(), key, verified=False)
    assert answer.status_code == 401


def test_passkey_as_the_second_step(app, client, login, member):
    key = SoftPasskey()
    login(member)
    register(client, key)
    browser = app.test_client()
    assert password_step(browser, member).headers["Location"] == "/auth/second-factor"
    page = browser.get("/auth/second-factor").get_data(as_text=True)
    assert "Use a passkey" in page and 'name="code"' not in page
    options = browser.post("/auth/passkey/options?step=second").get_json()
    assert len(options["allowCredentials"]) == 1  # only this account's keys
    answer = key.get(options, verified=False)  # presence is enough after a password
    done = browser.post("/auth/passkey?step=second", json={"credential": answer})
    assert done.status_code == 200
    assert browser.get("/account").status_code == 200


def test_a_challenge_is_used_once(app, client, login, member):
    key = SoftPasskey()
    login(member)
    register(client, key)
    browser = app.test_client()
    options = browser.post("/auth/passkey/options").get_json()
    answer = key.get(options)
    assert browser.post("/auth/passkey", json={"credential": answer}).status_code == 200
    browser.post("/auth/logout")
    replay = browser.post("/auth/passkey", json={"credential": answer})
    assert replay.status_code == 409


def test_an_answer_for_another_origin_is_refused(app, client, login, member):
    key = SoftPasskey()
    login(member)
    register(client, key)
    key.origin = "http://evil.example"
    answer = sign_in_with(app.test_client(), key)
    assert answer.status_code == 401


def test_unknown_passkey_is_refused(app):
    answer = sign_in_with(app.test_client(), SoftPasskey())
    assert answer.status_code == 401
    assert answer.get_json()["detail"] == "This passkey is not registered here."


def test_registration_needs_a_recent_sign_in(app, client, login, member, monkeypatch):
    login(member)
    monkeypatch.setitem(app.config, "REAUTH_SECONDS", 0)
    answer = client.post("/account/passkeys/options")
    assert answer.status_code == 401
    assert answer.get_json()["redirect"].startswith("/auth/confirm")


def test_bad_registration_body_is_422(client, login, member):
    login(member)
    client.post("/account/passkeys/options")
    assert client.post("/account/passkeys", json={"name": ""}).status_code == 422
    broken = client.post("/account/passkeys", json={"credential": {"id": "x"}})
    assert broken.status_code == 422


def test_staff_keep_their_last_passkey(app, client, login, editor, monkeypatch):
    login(editor)
    register(client, SoftPasskey())
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_STAFF", True)
    passkey = list_passkeys(editor)[0]
    page = client.post(
        f"/account/passkeys/{passkey.id}/delete", follow_redirects=True
    ).get_data(as_text=True)
    assert "must keep a second factor" in page
    assert list_passkeys(editor)


def test_member_removes_a_passkey(client, login, member):
    login(member)
    register(client, SoftPasskey())
    passkey = list_passkeys(member)[0]
    client.post(f"/account/passkeys/{passkey.id}/delete")
    assert list_passkeys(member) == []
