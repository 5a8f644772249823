"""The inbox's "Check again" on a link problem: the site is asked now, and the
editor reads what it answered."""

from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.extensions import db
from tests.factories import make_listing
from tests.http_receiver import Receiver
from tests.pages import text


def broken_listing(url):
    listing = make_listing(url=url)
    listing.link_status, listing.link_failures = "broken", 3
    listing.link_error = "HTTP 503"
    db.session.commit()
    return listing


def links_back(app):
    """A listed site's home page with the link back the free plan asks for."""
    body = f'<a href="{app.config["SITE_URL"]}/">Listed on Linchpin</a>'.encode()
    return lambda got: (200, {"Content-Type": "text/html"}, body)


def recheck(client, listing, back="inbox"):
    return client.post(
        f"/admin/listings/{listing.id}/recheck",
        data={"back": back},
        follow_redirects=True,
    )


def test_inbox_offers_check_again_for_each_link_problem(client, login, editor):
    listing = broken_listing("https://groove-cellar.example/")
    login(editor)
    page = text(client.get("/admin/queue"))
    assert f'action="/admin/listings/{listing.id}/recheck"' in page
    assert f'Check again<span class="visually-hidden"> {listing.name}</span>' in page


def test_a_site_that_answers_again_clears_the_problem(app, client, login, editor):
    app.config["LINKCHECK_ALLOW_PRIVATE"] = True
    try:
        with Receiver(answer=links_back(app)) as site:
            listing = broken_listing(f"{site.url}/")
            login(editor)
            page = recheck(client, listing)
            assert len(site.requests) == 1
    finally:
        app.config["LINKCHECK_ALLOW_PRIVATE"] = False
    assert page.request.path == "/admin/queue"
    cleared = f"The site of {listing.name} answers again; its link problem is cleared."
    assert cleared in text(page)
    db.session.refresh(listing)
    assert (listing.link_status, listing.link_failures) == ("ok", 0)
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "listing.recheck")
    )
    assert entry.actor_id == editor.id and entry.object_id == listing.id


def test_a_site_still_failing_says_what_it_answered(app, client, login, editor):
    app.config["LINKCHECK_ALLOW_PRIVATE"] = True
    try:
        with Receiver(script=[503]) as site:
            listing = broken_listing(f"{site.url}/")
            login(editor)
            page = recheck(client, listing, back="queue")
    finally:
        app.config["LINKCHECK_ALLOW_PRIVATE"] = False
    assert page.request.path == "/admin/listings"
    assert "still does not answer as it should: HTTP 503." in text(page)
    db.session.refresh(listing)
    assert (listing.link_status, listing.link_failures) == ("broken", 4)


def test_check_again_on_a_listing_that_is_not_live_stores_nothing(
    client, login, editor
):
    listing = make_listing(status="pending", url="http://127.0.0.1:9/")
    login(editor)
    response = client.post(f"/admin/listings/{listing.id}/recheck")
    assert response.status_code == 422
    assert "is not live, so its link is not checked" in text(response)
    db.session.refresh(listing)
    assert listing.link_checked_at is None
    assert (
        db.session.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "listing.recheck")
        )
        is None
    )


def test_members_may_not_check_links_again(client, login, member):
    listing = broken_listing("http://127.0.0.1:9/")
    login(member)
    assert client.post(f"/admin/listings/{listing.id}/recheck").status_code == 403
