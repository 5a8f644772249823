"""The webhook endpoints' API: admins only, the secret once, the delivery log."""

import json

from tests.http_receiver import Receiver


def test_admin_manages_endpoints_through_the_api(api, admin):
    client = api(admin)
    with Receiver() as receiver:
        created = client.post(
            "/webhooks",
            json={"url": receiver.url + "/in", "events": ["order.paid"]},
        )
        assert created.status_code == 201, created.get_json()
        body = created.get_json()
        assert body["secret"].startswith("whsec_") and body["events"] == ["order.paid"]
        assert created.headers["Location"] == f"/api/v1/webhooks/{body['id']}"
        shown = client.get(f"/webhooks/{body['id']}").get_json()
        assert "secret" not in shown and body["secret"].startswith(
            shown["secret_hint"][:9]
        )
        test = client.post(f"/webhooks/{body['id']}/test")
        assert test.status_code == 202 and test.get_json()["type"] == "webhook.test"
        [got] = receiver.requests
    assert json.loads(got.body)["id"] == test.get_json()["event_id"]
    log = client.get(f"/webhooks/{body['id']}/deliveries").get_json()
    assert [(d["event_type"], d["status_code"], d["ok"]) for d in log["items"]] == [
        ("webhook.test", 200, True)
    ]
    patched = client.patch(f"/webhooks/{body['id']}", json={"active": False})
    assert patched.get_json()["active"] is False
    rotated = client.post(f"/webhooks/{body['id']}/rotate-secret").get_json()
    assert rotated["secret"] != body["secret"]
    assert [e["id"] for e in client.get("/webhooks").get_json()["items"]] == [
        body["id"]
    ]
    assert client.delete(f"/webhooks/{body['id']}").status_code == 204
    assert client.get(f"/webhooks/{body['id']}").status_code == 404


def test_bad_input_is_a_422_problem(api, admin):
    answer = api(admin).post("/webhooks", json={"url": "ftp://x", "events": ["nope"]})
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]
    assert "url" in errors and "events" in errors


def test_only_admins(api, editor):
    assert api(editor).get("/webhooks").status_code == 403
    assert api().get("/webhooks").status_code == 401
    read_only = api(editor, scopes=("read",))
    assert read_only.post("/webhooks", json={}).status_code == 403


def test_subscribe_through_the_api_is_the_same_double_opt_in(api, admin, outbox):
    from tests.factories import subject_of

    answer = api().post(
        "/subscriptions", json={"email": "a@example.net", "articles": True}
    )
    assert (
        answer.status_code == 202 and "Check your inbox" in answer.get_json()["detail"]
    )
    [message] = outbox()
    assert subject_of(message) == "Confirm your subscription"
    bad = api().post("/subscriptions", json={"email": "a@example.net", "spam": 1})
    assert bad.status_code == 422 and "spam" in bad.get_json()["errors"]
    counts = api(admin).get("/subscriptions/counts").get_json()
    assert (counts["confirmed"], counts["unconfirmed"]) == (0, 1)
    assert api().get("/subscriptions/counts").status_code == 401
