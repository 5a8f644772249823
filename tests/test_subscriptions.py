"""E-mail subscriptions end to end: the forms, the e-mails in MAIL_OUTBOX, digests."""

import re
from datetime import timedelta

from sqlalchemy import select

from myapp.database import utcnow
from myapp.extensions import db
from myapp.outbox import delivery as outbox_delivery
from myapp.outbox import jobs
from myapp.subscriptions import digest, links
from myapp.subscriptions.models import Subscriber
from tests import factories
from tests.factories import body_of, subject_of

TOMORROW = timedelta(days=1, minutes=5)


def link(message, path: str) -> str:
    """The first link in the e-mail whose path contains `path`, made relative."""
    [url] = re.findall(rf"http://localhost(\S*{path}\S*)", body_of(message))[:1]
    return url


def subscribe(client, email="reader@example.net", **form):
    data = {"email": email, "frequency": "daily", **form}
    response = client.post("/subscribe", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Check your inbox" in response.get_data(as_text=True)


def confirmed(client, outbox, email="reader@example.net", **form) -> Subscriber:
    subscribe(client, email, **form)
    message = outbox()[-1]
    assert subject_of(message) == "Confirm your subscription"
    url = link(message, "/subscriptions/confirm/")
    assert client.get(url).status_code == 200  # a page with a button, not the act
    assert client.post(url).status_code == 302
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.email == email))
    assert subscriber.is_confirmed
    return subscriber


def digests(outbox):
    return [m for m in outbox() if subject_of(m).startswith("Linchpin: ")]


def test_nothing_but_the_confirmation_is_sent_until_the_click(client, outbox, editor):
    subscribe(client, articles="1")
    [message] = outbox()
    assert subject_of(message) == "Confirm your subscription"
    assert message["To"] == "reader@example.net"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    factories.make_article(editor, title="Before anyone confirmed")
    assert digest.run(utcnow() + TOMORROW).sent == 0
    assert len(outbox()) == 1


def test_confirmed_reader_gets_a_digest_with_unsubscribe_headers(
    client, outbox, editor
):
    confirmed(client, outbox, articles="1")
    factories.make_article(editor, title="Fresh bread every morning")
    factories.make_article(editor, title="A draft nobody sees", status="draft")
    report = digest.run(utcnow() + TOMORROW)
    assert (report.sent, report.checked) == (1, 1)
    [message] = digests(outbox)
    assert subject_of(message) == "Linchpin: 1 new article"
    body = body_of(message)
    assert "Fresh bread every morning" in body and "A draft" not in body
    assert "/articles/fresh-bread-every-morning" in body
    assert "/subscriptions/manage/" in body
    unsubscribe = re.fullmatch(r"<http://localhost(/\S+)>", message["List-Unsubscribe"])
    assert (
        unsubscribe and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    # Once only: the same period is not sent again.
    assert digest.run(utcnow() + TOMORROW).sent == 0


def test_one_click_unsubscribe_is_a_post_without_a_session(app, client, outbox, editor):
    confirmed(client, outbox, articles="1")
    factories.make_article(editor)
    digest.run(utcnow() + TOMORROW)
    [message] = digests(outbox)
    target = re.fullmatch(r"<http://localhost(/\S+)>", message["List-Unsubscribe"])[1]
    assert "Unsubscribe" in app.test_client().get(target).get_data(as_text=True)
    assert db.session.scalars(select(Subscriber)).all() != []  # GET changes nothing
    mail_client = app.test_client()
    answer = mail_client.post(target, data={"List-Unsubscribe": "One-Click"})
    assert (
        answer.status_code == 200 and answer.get_data(as_text=True) == "Unsubscribed.\n"
    )
    assert db.session.scalars(select(Subscriber)).all() == []
    again = mail_client.post(target, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert client.get(link(message, "/subscriptions/manage/")).status_code == 404


def test_weekly_readers_wait_a_week(client, outbox, editor):
    confirmed(client, outbox, articles="1", frequency="weekly")
    factories.make_article(editor)
    assert digest.run(utcnow() + TOMORROW).sent == 0
    assert digest.run(utcnow() + timedelta(days=7, minutes=5)).sent == 1


def test_tags_and_categories_pick_what_is_sent(client, outbox, editor, admin):
    factories.make_article(  # makes the tag; older than the subscription
        editor, tags=["bread"], published_at=utcnow() - timedelta(hours=1)
    )
    shops = factories.make_category("Shops")
    bakeries = factories.make_category("Bakeries", parent=shops)
    other = factories.make_category("Garages")
    confirmed(client, outbox, tags="bread", categories=str(shops.id))
    factories.make_article(editor, title="Rye and spelt", tags=["bread"])
    factories.make_article(editor, title="Nothing about bread", tags=["cars"])
    factories.make_listing(name="Corner Bakery", category=bakeries, actor=admin)
    factories.make_listing(name="Joe's Garage", category=other, actor=admin)
    assert digest.run(utcnow() + TOMORROW).sent == 1
    [message] = digests(outbox)
    assert subject_of(message) == "Linchpin: 1 new article and 1 new listing"
    body = body_of(message)
    assert "Rye and spelt" in body and "Corner Bakery (Bakeries)" in body
    assert "Nothing about bread" not in body and "Garage" not in body


def test_digests_go_out_in_batches_once_each(app, client, outbox, editor, monkeypatch):
    monkeypatch.setitem(app.config, "SUBSCRIPTIONS_BATCH_SIZE", 2)
    for n in range(5):
        confirmed(client, outbox, f"reader{n}@example.net", articles="1")
    factories.make_article(editor)
    report = digest.run(utcnow() + TOMORROW)
    assert (report.checked, report.sent, report.batches) == (5, 5, 3)
    assert sorted(m["To"] for m in digests(outbox)) == [
        f"reader{n}@example.net" for n in range(5)
    ]
    assert digest.run(utcnow() + TOMORROW).checked == 0


def test_subscribing_a_known_address_again_sends_its_settings_link(client, outbox):
    subscriber = confirmed(client, outbox, articles="1")
    subscribe(client, tags="", categories="", articles="1", frequency="weekly")
    message = outbox()[-1]
    assert subject_of(message) == "Your e-mail subscriptions"
    assert link(message, "/subscriptions/manage/")
    db.session.refresh(subscriber)
    assert subscriber.frequency == "daily"  # unchanged without the owner's click


def test_manage_page_changes_choices_and_keeps_values_on_error(client, outbox, editor):
    factories.make_article(editor, tags=["bread"])
    subscriber = confirmed(client, outbox, articles="1")
    url = f"/subscriptions/manage/{links.token(subscriber)}"
    page = client.get(url)
    assert (
        page.status_code == 200 and "private, no-store" in page.headers["Cache-Control"]
    )
    bad = client.post(url, data={"frequency": "weekly"})
    assert bad.status_code == 422
    assert "Choose at least one thing to follow." in bad.get_data(as_text=True)
    ok = client.post(url, data={"frequency": "weekly", "tags": "bread"})
    assert ok.status_code == 302
    db.session.refresh(subscriber)
    assert subscriber.frequency == "weekly"
    assert [(s.topic) for s in subscriber.subscriptions] == ["tag"]
    assert client.get("/subscriptions/manage/forged-token").status_code == 404


def test_subscribe_form_keeps_values_on_error(client, outbox):
    response = client.post(
        "/subscribe", data={"email": "not-an-address", "articles": "1"}
    )
    assert response.status_code == 422
    assert 'value="not-an-address"' in response.get_data(as_text=True)
    unknown = client.post("/subscribe", data={"email": "a@example.net", "tags": "nope"})
    assert unknown.status_code == 422 and "No such tag" in unknown.get_data(
        as_text=True
    )
    assert outbox() == []


def test_members_manage_theirs_from_their_account(client, login, member, outbox):
    login(member)
    assert client.get("/account").status_code == 200
    assert client.get("/account/subscriptions").headers["Location"] == "/subscribe"
    confirmed(client, outbox, member.email, articles="1")
    page = client.get("/account/subscriptions")
    assert page.status_code == 200 and member.email in page.get_data(as_text=True)
    saved = client.post(
        "/account/subscriptions", data={"frequency": "weekly", "articles": "1"}
    )
    assert saved.status_code == 302
    assert digest.run(utcnow() + TOMORROW).checked == 0  # weekly now


def test_admins_see_subscriber_counts(client, login, admin, member, outbox):
    confirmed(client, outbox, "a@example.net", articles="1")
    confirmed(client, outbox, "b@example.net", articles="1", frequency="weekly")
    subscribe(client, "c@example.net", articles="1")
    login(member)
    assert client.get("/admin/subscriptions").status_code == 403
    login(admin)
    text = client.get("/admin/subscriptions").get_data(as_text=True)
    assert "<strong>2</strong> confirmed (1 daily, 1 weekly)" in text
    assert "<strong>1</strong> waiting" in text
    assert "Every new article</td><td>2" in text


def test_the_cli_and_the_scheduled_job_send_due_digests(
    app, client, outbox, editor, runner, monkeypatch
):
    confirmed(client, outbox, articles="1")
    factories.make_article(editor)
    later = (utcnow() + TOMORROW).isoformat(timespec="seconds")
    result = runner.invoke(args=["subscriptions", "digest", "--now", later])
    assert result.exit_code == 0, result.output
    assert "queued 1 digest(s)" in result.output
    assert len(digests(outbox)) == 1
    for subscriber in db.session.scalars(select(Subscriber)):  # a day later
        subscriber.digest_until -= timedelta(days=2)
    db.session.commit()
    # The worker's run ends a minute ago (a change may still be committing).
    factories.make_article(editor, published_at=utcnow() - timedelta(minutes=5))
    monkeypatch.setitem(app.config, "SCHEDULE_DIGEST_SECONDS", 3600)
    assert "subscriptions_digest" in jobs.schedule_tick()
    outbox_delivery.deliver_due("test")
    assert len(digests(outbox)) == 2


def test_demo_seed_adds_subscribers_and_an_endpoint_that_is_off(runner, admin):
    from myapp.subscriptions import services
    from myapp.webhooks.models import WebhookEndpoint

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    counts = services.counts(admin)
    assert counts["confirmed"] == 3 and counts["daily"] == 1
    [endpoint] = db.session.scalars(select(WebhookEndpoint)).all()
    assert not endpoint.active
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0  # once only
    assert services.counts(admin)["confirmed"] == 3


def test_smtp_down_while_readers_subscribe_loses_nothing(
    client, smtp, app, monkeypatch
):
    """Confirmations wait in the outbox while SMTP is away, then go out once each."""
    from collections import Counter

    from myapp.outbox.models import SENT, OutboxMessage

    smtp.stop()
    for n in range(20):
        subscribe(client, f"down{n}@example.net", articles="1")
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert len(rows) == 20 and all(r.status == "failed" for r in rows)
    smtp.start()
    for row in rows:
        row.next_attempt_at = utcnow()  # the retry time, brought forward
    db.session.commit()
    outbox_delivery.deliver_due("test")
    assert all(r.status == SENT for r in db.session.scalars(select(OutboxMessage)))
    received = Counter(m["To"] for m in smtp.messages)
    assert sorted(received) == sorted(f"down{n}@example.net" for n in range(20))
    assert set(received.values()) == {1}
    assert all(m["List-Unsubscribe-Post"] for m in smtp.messages)


def test_an_id_too_large_for_the_database_is_a_422(client):
    answer = client.post(
        "/subscribe", data={"email": "a@example.net", "categories": "9" * 30}
    )
    assert answer.status_code == 422
