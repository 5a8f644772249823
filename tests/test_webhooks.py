"""Outgoing webhooks end to end: a real receiver on 127.0.0.1, the real outbox.

Signatures are checked with the verification snippet from docs/webhooks.md,
run as it is written there.
"""

import json
import os
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.auth.models import User
from myapp.database import utcnow
from myapp.directory.billing import payments
from myapp.directory.listings import review
from myapp.directory.schemas import ListingPrivateOut
from myapp.errors import InvalidInput
from myapp.extensions import db
from myapp.outbox import delivery as outbox_delivery
from myapp.outbox.models import DEAD, SENT, OutboxMessage
from myapp.webhooks import services
from myapp.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests import factories
from tests.http_receiver import Receiver

DOCS = os.path.join(os.path.dirname(__file__), "..", "docs", "webhooks.md")


def documented_verify():
    """The `verify` function exactly as docs/webhooks.md shows it."""
    with open(DOCS, encoding="utf-8") as fh:
        text = fh.read()
    [block] = [
        b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify" in b
    ]
    namespace = {}
    exec(compile(block, "docs/webhooks.md", "exec"), namespace)
    return namespace["verify"]


def register(admin, url, events=("listing.approved",), **extra):
    endpoint, secret = services.create_endpoint(
        admin, {"url": url, "events": list(events), **extra}
    )
    return endpoint, secret


def webhook_rows():
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "webhook")
    ).all()


def test_approval_reaches_the_receiver_signed_and_as_the_api_shows_it(admin):
    verify = documented_verify()
    listing = factories.make_listing(status="pending")
    with Receiver() as receiver:
        endpoint, secret = register(admin, receiver.url + "/hooks")
        review.approve_listing(admin, listing)
        [got] = receiver.requests
    event = json.loads(got.body)
    assert event["type"] == "listing.approved" and event["id"].startswith("evt_")
    assert event["created_at"].endswith("Z")
    db.session.refresh(listing)
    assert event["data"] == json.loads(json.dumps(ListingPrivateOut().dump(listing)))
    assert event["data"]["status"] == "approved"
    assert verify(got.headers["linchpin-signature"], got.body, secret)
    assert not verify(got.headers["linchpin-signature"], got.body + b" ", secret)
    assert not verify(got.headers["linchpin-signature"], got.body, "whsec_other")
    assert got.headers["content-type"] == "application/json"
    assert got.headers["linchpin-event-id"] == event["id"]
    assert got.headers["user-agent"].startswith("Linchpin/1.0")
    [log] = services.deliveries(admin, endpoint).items
    assert (log.ok, log.status_code, log.attempt) == (True, 200, 1)


def test_the_same_snippet_verifies_the_payment_webhooks_signature():
    verify = documented_verify()
    body = b'{"id":"evt_1","type":"payment.succeeded"}'
    header = payments.sign(body, "whsec-shared")
    assert verify(header, body, "whsec-shared")
    stale = payments.sign(body, "whsec-shared", int(time.time()) - 301)
    assert not verify(stale, body, "whsec-shared")


def test_receiver_fails_then_recovers_with_backoff_and_a_log(admin, app, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_RETRY_BASE", 2.0)
    monkeypatch.setitem(app.config, "OUTBOX_RETRY_CAP", 30.0)
    listing = factories.make_listing(status="pending")
    with Receiver(script=[500, 503, 500, 200]) as receiver:
        endpoint, secret = register(admin, receiver.url + "/hooks")
        review.approve_listing(admin, listing)  # try 1, at the commit
        deadline = time.monotonic() + 30
        while len(receiver.requests) < 4 and time.monotonic() < deadline:
            outbox_delivery.deliver_due("test")
            time.sleep(0.05)
        got = receiver.requests
    assert len(got) == 4
    assert len({r.body for r in got}) == 1  # the same event every time
    verify = documented_verify()
    assert all(verify(r.headers["linchpin-signature"], r.body, secret) for r in got)
    gaps = [round(b.at - a.at, 2) for a, b in zip(got, got[1:], strict=False)]
    # Full jitter between half and all of 2, 4, 8 s, plus polling; MariaDB
    # stores the next try's time in whole seconds (up to 1 s sooner).
    for gap, ceiling in zip(gaps, (2, 4, 8), strict=True):
        assert ceiling / 2 - 1.05 <= gap <= ceiling + 0.5, gaps
    print(f"\nretry gaps (base 2 s): {gaps}")
    log = list(reversed(services.deliveries(admin, endpoint).items))
    assert [(d.attempt, d.status_code, d.ok) for d in log] == [
        (1, 500, False),
        (2, 503, False),
        (3, 500, False),
        (4, 200, True),
    ]
    assert log[0].response_excerpt == "answer 500"
    for d in log:
        print(
            f"  try {d.attempt}: {d.status_code} {d.duration_ms} ms", d.response_excerpt
        )
    [row] = webhook_rows()
    assert (row.status, row.attempts) == (SENT, 4)
    db.session.refresh(endpoint)
    assert endpoint.failing_since is None and endpoint.active


def test_rolled_back_change_sends_nothing(admin):
    listing = factories.make_listing(status="pending")
    with Receiver() as receiver:
        register(admin, receiver.url + "/hooks")
        review.lifecycle.apply(listing, "approve", admin)
        db.session.rollback()
    assert receiver.requests == [] and webhook_rows() == []


def test_an_endpoint_gets_only_the_events_it_chose(admin, editor):
    with Receiver() as wants, Receiver() as other:
        register(admin, wants.url, events=["listing.submitted", "order.paid"])
        register(admin, other.url, events=["article.published"])
        factories.make_listing(plan="standard", status="pending", actor=admin)
        article = factories.make_article(editor, status="draft")
    types = [json.loads(r.body)["type"] for r in wants.requests]
    assert types == ["listing.submitted", "order.paid"]
    assert other.requests == []
    assert json.loads(wants.requests[1].body)["data"]["status"] == "paid"
    assert article.status == "draft"


def test_each_service_emits_its_event(admin, editor):
    with Receiver() as receiver:
        register(admin, receiver.url, events=list(services.events.EVENT_TYPES))
        factories.make_article(editor)
        article = factories.make_article(editor, status="draft")
        factories.make_comment(article)  # not public: pending, but on a draft
        factories.make_comment(factories.make_article(editor))
        factories.make_listing(status="rejected", actor=admin)
        factories.make_listing(status="expired", actor=admin)
    types = [json.loads(r.body)["type"] for r in receiver.requests]
    assert types.count("article.published") == 2
    assert types.count("comment.pending") == 2
    for kind in ("submitted", "rejected", "approved", "expired"):
        assert f"listing.{kind}" in types


def test_admin_registers_an_endpoint_and_sees_the_secret_once(client, login, admin):
    login(admin)
    response = client.post(
        "/admin/webhooks",
        data={"url": "http://127.0.0.1:9/in", "events": ["order.paid"], "active": "1"},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    [endpoint] = db.session.scalars(select(WebhookEndpoint)).all()
    assert endpoint.secret in response.get_data(as_text=True)
    page = client.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)
    assert endpoint.secret not in page and endpoint.secret_hint in page
    bad = client.post("/admin/webhooks", data={"url": "not a url", "events": []})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "not a url" in text and "Choose at least one event." in text


def test_send_test_event_from_the_admin_page(client, login, admin):
    login(admin)
    with Receiver(script=[418]) as receiver:
        endpoint, secret = register(admin, receiver.url, active=False)
        response = client.post(f"/admin/webhooks/{endpoint.id}/test")
        assert response.status_code == 302
        [got] = receiver.requests
    assert json.loads(got.body)["type"] == "webhook.test"
    page = client.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "webhook.test" in page and "418" in page and "answer 418" in page


def test_a_day_of_failures_switches_the_endpoint_off_and_tells_admins(
    admin, app, outbox, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 1)
    listing = factories.make_listing(status="pending")
    with Receiver(script=[502]) as receiver:
        endpoint, _ = register(admin, receiver.url)
        endpoint.failing_since = utcnow() - timedelta(hours=25)
        db.session.commit()
        review.approve_listing(admin, listing)
        assert len(receiver.requests) == 1
        db.session.refresh(endpoint)
        assert (
            not endpoint.active and "No successful delivery" in endpoint.disabled_reason
        )
        factories.make_listing(status="approved", actor=admin)  # not queued any more
        assert len(receiver.requests) == 1
    mails = [m for m in outbox() if "switched off" in factories.subject_of(m)]
    admins = db.session.scalars(select(User.email).where(User.role == "admin")).all()
    assert sorted(m["To"] for m in mails) == sorted(admins) and admin.email in admins
    mail = mails[0]
    assert f"/admin/webhooks/{endpoint.id}" in factories.body_of(mail)
    services.update_endpoint(admin, endpoint, {"active": True})
    assert endpoint.failing_since is None and endpoint.disabled_reason == ""


def test_one_failure_is_not_yet_a_day(admin):
    listing = factories.make_listing(status="pending")
    with Receiver(script=[500]) as receiver:
        endpoint, _ = register(admin, receiver.url)
        review.approve_listing(admin, listing)
    db.session.refresh(endpoint)
    assert endpoint.active and endpoint.failing_since is not None


def test_a_private_address_is_refused_at_delivery_and_not_retried(
    admin, app, monkeypatch
):
    endpoint, _ = register(admin, "http://10.0.0.1/hooks")  # allowed in tests
    monkeypatch.setitem(app.config, "OUTBOX_DELIVER_ON_COMMIT", True)
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_PRIVATE", False)
    factories.make_listing(status="approved", actor=admin)
    [row] = webhook_rows()
    assert row.status == DEAD and "10.0.0.1" in row.last_error
    [log] = db.session.scalars(select(WebhookDelivery)).all()
    assert log.status_code is None and "not a public address" in log.error
    assert endpoint.id == log.endpoint_id


def test_an_address_literal_that_is_private_is_refused_when_registered(
    admin, app, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_PRIVATE", False)
    with pytest.raises(InvalidInput, match="169.254.169.254"):
        register(admin, "http://169.254.169.254/latest/meta-data/")
    assert db.session.scalars(select(WebhookEndpoint)).all() == []


def test_deleting_an_endpoint_drops_its_queued_events(admin, outbox_held):
    with Receiver() as receiver:
        endpoint, _ = register(admin, receiver.url)
        factories.make_listing(status="approved", actor=admin)
        services.delete_endpoint(admin, endpoint)
        outbox_delivery.deliver_due("test")
    [row] = webhook_rows()
    assert row.status == SENT and row.result == "Endpoint deleted: not sent."
    assert receiver.requests == []


def test_the_log_keeps_a_month(admin):
    with Receiver() as receiver:
        endpoint, _ = register(admin, receiver.url, events=["order.paid"])
        old = WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id="evt_old",
            event_type="order.paid",
            created_at=utcnow() - timedelta(days=31),
        )
        db.session.add(old)
        db.session.commit()
        services.send_test_event(admin, endpoint)
    log = services.deliveries(admin, endpoint).items
    assert [d.event_type for d in log] == ["webhook.test"]
