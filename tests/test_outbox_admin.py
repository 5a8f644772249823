"""The admin's outbox page, its actions, the inbox count and job status pages."""

from sqlalchemy import select

from myapp import mail
from myapp.extensions import db
from myapp.outbox import delivery
from myapp.outbox.models import SENT, OutboxMessage
from tests import factories


def test_outbox_page_filters_by_status_and_shows_the_error(client, login, admin):
    factories.make_dead_row(error="SMTP 550: no such mailbox")
    mail.send("ok@example.com", "Delivered fine", "password_reset", user=None, url="x")
    db.session.commit()
    login(admin)
    dead = client.get("/admin/outbox?status=dead").get_data(as_text=True)
    assert "SMTP 550: no such mailbox" in dead and "ok@example.com" not in dead
    everything = client.get("/admin/outbox").get_data(as_text=True)
    assert "ok@example.com" in everything and "1 dead, 1 sent" in everything
    assert client.get("/admin/outbox?status=lost").status_code == 422


def test_retry_now_delivers_and_discard_drops(client, login, admin, smtp, outbox_held):
    smtp.stop()
    keep = mail.send("a@example.com", "Keep", "password_reset", user=None, url="x")
    drop = mail.send("b@example.com", "Drop", "password_reset", user=None, url="x")
    db.session.commit()
    delivery.deliver_batch("test")
    smtp.start()
    login(admin)
    assert client.post(f"/admin/outbox/{keep.id}/retry").status_code == 302
    assert client.post(f"/admin/outbox/{drop.id}/discard").status_code == 302
    delivery.deliver_batch("test")
    db.session.expire_all()
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert [(r.id, r.status) for r in rows] == [(keep.id, SENT)]
    assert smtp.subjects() == ["Keep"]
    assert client.post(f"/admin/outbox/{keep.id}/retry").status_code == 409


def test_dead_rows_count_in_the_inbox(client, login, admin):
    factories.make_dead_row()
    factories.make_dead_row()
    login(admin)
    page = client.get("/admin/queue").get_data(as_text=True)
    assert (
        "2 undelivered messages" in page and 'href="/admin/outbox?status=dead"' in page
    )


def test_message_detail_shows_the_subject_that_could_not_be_built(client, login, admin):
    row = mail.send(
        "a@example.com", "Bad\r\nBcc: x@evil", "password_reset", user=None, url="x"
    )
    db.session.commit()
    login(admin)
    page = client.get(f"/admin/outbox/{row.id}").get_data(as_text=True)
    assert "cannot be built" in page and "Bad\\r\\nBcc: x@evil" in page


def test_job_page_refreshes_until_done(client, login, admin, outbox_held):
    login(admin)
    response = client.post("/admin/jobs/outbox_cleanup")
    assert response.status_code == 303
    waiting = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in waiting and "Waiting" in waiting
    delivery.deliver_batch("test")
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in done
    assert "Done" in done and "Deleted 0 sent row(s)." in done


def test_api_reads_rows_and_jobs(api, admin, member):
    dead = factories.make_dead_row(error="SMTP 550: gone")
    job = factories.make_dead_row(
        "job.linkcheck", {"job": "linkcheck", "started_by": member.id}
    )
    body = api(admin).get("/outbox?status=dead").get_json()
    assert [r["id"] for r in body["items"]] == [job.id, dead.id]
    assert body["items"][1]["last_error"] == "SMTP 550: gone"
    assert api(member).get("/outbox").status_code == 403
    mine = api(member).get(f"/jobs/{job.id}").get_json()
    assert mine["status"] == "dead" and mine["finished"] is True
    assert api(member).get(f"/jobs/{dead.id}").status_code == 404
