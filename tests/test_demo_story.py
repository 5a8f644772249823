"""`flask demo seed` tells one story: its dates are in order from "now" and
every page shows the same figure for the same listing."""

import re
from datetime import timedelta
from html import escape

from sqlalchemy import select

from myapp.articles.models import Article
from myapp.audit.models import AuditEntry
from myapp.comments.models import Comment
from myapp.database import utcnow
from myapp.directory.demo_data import DEMO_PASSWORD
from myapp.directory.models import Listing, ListingEvent, Order
from myapp.extensions import db
from myapp.stats import dashboard
from myapp.stats.models import DailyCount
from tests.pages import text

SLACK = timedelta(minutes=5)  # the seed itself takes a moment


def seed(runner):
    result = runner.invoke(args=["demo", "seed", "--days", "30"])
    assert result.exit_code == 0, result.output
    return utcnow() + SLACK


def test_demo_listing_dates_follow_one_another(runner):
    now = seed(runner)
    for listing in db.session.scalars(select(Listing)):
        assert listing.created_at <= now
        story = [listing.submitted_at, listing.published_at]
        story = [moment for moment in story if moment is not None]
        assert story == sorted(story) and max(story, default=now) <= now
        events = db.session.scalars(
            select(ListingEvent)
            .where(ListingEvent.listing_id == listing.id)
            .order_by(ListingEvent.id)
        ).all()
        moments = [event.created_at for event in events]
        assert moments == sorted(moments) and moments[-1] <= now, listing.name
        if listing.status == "expired":
            assert listing.published_at < listing.expires_at < now - timedelta(days=1)
            assert events[-1].action == "expire"
            assert events[-1].created_at >= listing.expires_at
        elif listing.expires_at is not None:
            assert listing.expires_at > now
        for order in db.session.scalars(
            select(Order).where(Order.listing_id == listing.id)
        ):
            assert listing.created_at - SLACK <= order.created_at <= now
            if order.paid_at:
                assert order.created_at <= order.paid_at
                assert listing.published_at is None or order.paid_at <= (
                    listing.published_at
                )
    audit = db.session.scalars(select(AuditEntry.created_at)).all()
    assert audit and max(audit) <= now


def test_demo_articles_comments_and_counts_come_after_publication(runner):
    now = seed(runner)
    articles = {a.id: a for a in db.session.scalars(select(Article))}
    for article in articles.values():
        assert article.created_at <= article.published_at + SLACK <= now + SLACK
    comments = db.session.scalars(select(Comment)).all()
    assert comments
    for comment in comments:
        assert articles[comment.article_id].published_at <= comment.created_at <= now
        if comment.parent_id:
            assert db.session.get(Comment, comment.parent_id).created_at < (
                comment.created_at
            )
    published = {("article_view", a.id): a.published_at for a in articles.values()}
    for listing in db.session.scalars(select(Listing)):
        for kind in ("listing_view", "listing_click"):
            published[(kind, listing.id)] = listing.published_at
    for count in db.session.scalars(select(DailyCount)):
        first = published[(count.kind, count.object_id)]
        assert first is not None and count.day >= first.date(), count.kind


def test_expired_demo_listing_was_listed_before_it_ended(runner, client):
    seed(runner)
    expired = db.session.scalar(select(Listing).where(Listing.status == "expired"))
    page = text(client.get(f"/listings/{expired.slug}"))
    ended = re.search(r"ended on (\d{4}-\d\d-\d\d)", page).group(1)
    since = re.search(r"Listed since</dt><dd>(\d{4}-\d\d-\d\d)", page).group(1)
    assert since < ended


def test_every_page_shows_a_demo_listing_the_same_clicks(runner, client, login):
    seed(runner)
    listing = db.session.scalar(
        select(Listing).where(Listing.name == "Ledger & Line Accountants")
    )
    days = db.session.scalars(
        select(DailyCount.count).where(
            DailyCount.kind == "listing_click", DailyCount.object_id == listing.id
        )
    ).all()
    assert listing.click_count == sum(days) > 0
    recent = dict(dashboard.top_listings(30, limit=50).rows)[listing.name]

    login(listing.owner, password=DEMO_PASSWORD)
    mine = text(client.get("/account/listings"))
    row = mine[mine.index(escape(listing.name)) :].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", row)[-2:] == [str(recent), str(sum(days))]
    client.post("/auth/logout")

    from myapp.auth.services import get_user_by_email

    login(get_user_by_email("admin@example.com"), password="linchpin-admin")
    browse = text(client.get("/admin/listings/all?q=Ledger"))
    row = browse[browse.index(escape(listing.name)) :].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", row)[-2:] == [str(recent), str(sum(days))]
    file = text(client.get(f"/admin/listings/{listing.id}"))
    assert f"{recent} in the last 30 days, {sum(days)} in all" in file
