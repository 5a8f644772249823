"""API rate limits: per token, per client address when anonymous; 429 problem."""

import pytest


@pytest.fixture
def low_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    monkeypatch.setitem(app.config, "API_ANON_RATE_LIMIT", "2 per minute")


def test_every_answer_carries_rate_limit_headers(api, member):
    response = api(member).get("/me")
    assert response.headers["RateLimit-Limit"] == "10000"
    assert response.headers["RateLimit-Remaining"] == "9999"
    assert 0 <= int(response.headers["RateLimit-Reset"]) <= 61  # seconds, not a date
    assert "Retry-After" not in response.headers


def test_token_budget_is_shared_across_endpoints_then_429(api, member, low_limits):
    client = api(member)
    assert client.get("/me").headers["RateLimit-Remaining"] == "2"
    assert client.get("/openapi.json").headers["RateLimit-Remaining"] == "1"
    assert client.get("/me").status_code == 200
    blocked = client.get("/me")
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/problem+json"
    body = blocked.get_json()
    assert body["type"] == "https://linchpin.dev/problems/rate-limited"
    assert body["status"] == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert blocked.headers["RateLimit-Remaining"] == "0"


def test_each_token_has_its_own_budget(api, member, author, low_limits):
    mine = api(member)
    for _ in range(3):
        mine.get("/me")
    assert mine.get("/me").status_code == 429
    assert api(author).get("/me").status_code == 200


def test_anonymous_calls_are_limited_per_client_address(app, low_limits):
    first = app.test_client()
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert first.get("/api/v1/openapi.json").headers["RateLimit-Limit"] == "2"
    first.get("/api/v1/openapi.json")
    assert first.get("/api/v1/openapi.json").status_code == 429
    assert other.get("/api/v1/openapi.json").status_code == 200


def test_a_bad_token_counts_against_the_address_and_still_gets_401(app, low_limits):
    client = app.test_client()
    headers = {"Authorization": "Bearer lp_wrong"}
    responses = [client.get("/api/v1/me", headers=headers) for _ in range(3)]
    assert [r.status_code for r in responses] == [401, 401, 429]
    assert responses[0].headers["RateLimit-Limit"] == "2"


def test_token_creation_also_counts_against_the_api_budget(api, member, low_limits):
    body = {"email": member.email, "password": "wrong-password", "name": "x"}
    client = api()
    statuses = [client.post("/tokens", json=body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
