"""Token creation, Bearer auth, scopes and problem+json on the API."""

from myapp.auth import services
from myapp.extensions import db
from tests.factories import PASSWORD


def test_create_token_with_password_shows_it_once(api, member):
    response = api().post(
        "/tokens", json={"email": member.email, "password": PASSWORD, "name": "ci"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["token"].startswith("lp_") and body["scopes"] == ["read", "write"]
    assert body["name"] == "ci" and body["created_at"].endswith("Z")
    [token] = services.list_tokens(member)
    assert token.token_hash != body["token"] and len(token.token_hash) == 64
    assert body["token"].startswith(token.prefix)


def test_wrong_password_gets_401_problem(api, member):
    response = api().post(
        "/tokens", json={"email": member.email, "password": "wrong", "name": "x"}
    )
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "Wrong e-mail or password."


def test_validation_errors_are_422_with_field_errors(api):
    response = api().post("/tokens", json={"email": "a@b.c", "scopes": ["admin"]})
    assert response.status_code == 422
    body = response.get_json()
    assert body["status"] == 422 and body["type"].endswith("/validation")
    assert "password" in body["errors"] and "name" in body["errors"]
    assert "scopes" in body["errors"]


def test_unknown_fields_are_refused(api, member):
    response = api().post(
        "/tokens",
        json={
            "email": member.email,
            "password": PASSWORD,
            "name": "x",
            "role": "admin",
        },
    )
    assert response.status_code == 422
    assert "role" in response.get_json()["errors"]


def test_malformed_json_is_400_problem(api):
    response = api().post("/tokens", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_non_object_json_is_422(api):
    response = api().post("/tokens", json=["a", "b"])
    assert response.status_code == 422


def test_me_needs_a_valid_token(api, member):
    assert api().get("/me").status_code == 401
    bad = api()
    bad.token = "lp_not-a-token"
    assert bad.get("/me").status_code == 401
    body = api(member).get("/me").get_json()
    assert body["email"] == member.email and "password_hash" not in body


def test_session_cookie_does_not_authenticate_the_api(client, login, member):
    login(member)
    assert client.get("/api/v1/me").status_code == 401


def test_revoke_token_then_it_stops_working(api, member):
    client = api(member)
    [token] = services.list_tokens(member)
    assert client.delete(f"/tokens/{token.id}").status_code == 204
    assert client.get("/me").status_code == 401


def test_cannot_revoke_someone_elses_token(api, member, author):
    theirs, _ = services.create_token(author, {"name": "theirs"})
    assert api(member).delete(f"/tokens/{theirs.id}").status_code == 404


def test_read_only_token_cannot_write(api, member):
    client = api(member, scopes=["read"])
    assert client.get("/me").status_code == 200
    [token] = services.list_tokens(member)
    response = client.delete(f"/tokens/{token.id}")
    assert response.status_code == 403
    assert response.get_json()["detail"] == "This token is read-only."


def test_last_use_is_recorded(api, member):
    client = api(member)
    [token] = services.list_tokens(member)
    assert token.last_used_at is None
    client.get("/me")
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_token_creation_is_rate_limited(app, api, member, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT", "2 per minute")
    client = api()
    body = {"email": member.email, "password": "bad", "name": "x"}
    assert [client.post("/tokens", json=body).status_code for _ in range(2)] == [
        401,
        401,
    ]
    blocked = client.post("/tokens", json=body)
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/problem+json"
    assert "Retry-After" in blocked.headers


def test_token_id_beyond_the_id_range_is_404_not_500(api, member):
    response = api(member).delete("/tokens/99999999999999999999")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
