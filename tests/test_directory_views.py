"""Directory pages as a reader sees them: home, categories, listings, /go."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import event, select

from myapp.database import utcnow
from myapp.directory.models import Order
from myapp.extensions import db
from myapp.stats.models import DailyCount
from tests.factories import body_of, mail_about, make_listing, make_plans
from tests.pages import BROWSER, names_in_order, text


def test_directory_home_shows_tree_with_counts_and_listings(client, bakeries):
    make_listing(category=bakeries, name="Crumb & Co")
    make_listing(category=bakeries, name="Hidden Pending", status="pending")
    page = text(client.get("/directory"))
    assert "Crumb &amp; Co" in page and "Hidden Pending" not in page
    assert re.search(r"Shops</a>\s*<span class=\"category-count\"[^>]*>1<", page)
    assert 'href="/directory/shops/bakeries"' in page


def test_category_page_lists_featured_first_then_newest(client, bakeries):
    old = make_listing(category=bakeries, name="Old Free Bakery")
    featured = make_listing(category=bakeries, name="Gold Bakery", plan="featured")
    new = make_listing(category=bakeries, name="New Free Bakery")
    old.published_at = utcnow() - timedelta(days=3)
    featured.published_at = utcnow() - timedelta(days=5)
    db.session.commit()
    response = client.get("/directory/shops/bakeries")
    assert response.status_code == 200
    page = text(response)
    names = ["Old Free Bakery", "Gold Bakery", "New Free Bakery"]
    assert names_in_order(page, names) == [
        "Gold Bakery",
        "New Free Bakery",
        "Old Free Bakery",
    ]
    card = page[page.index("Gold Bakery") - 300 : page.index("Gold Bakery") + 200]
    assert "Featured" in card
    parent = text(client.get("/directory/shops"))  # sub-categories included
    assert "Gold Bakery" in parent and "Bakeries" in parent
    assert featured.id and new.id


def test_category_pages_paginate_without_repeats(client, bakeries, app, monkeypatch):
    monkeypatch.setitem(app.config, "DIRECTORY_PAGE_SIZE", 2)
    made = {make_listing(category=bakeries).name for _ in range(5)}
    seen, url = [], "/directory/shops/bakeries"
    while url:
        page = text(client.get(url))
        seen += re.findall(r'href="/listings/[^"]+">(Listing \d+)</a>', page)
        more = re.search(r'rel="next" href="([^"]+)"', page)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert sorted(seen) == sorted(made)


def test_unknown_category_is_404(client):
    assert client.get("/directory/nowhere/at-all").status_code == 404


def test_category_page_with_50_listings_uses_few_queries(
    client, bakeries, app, monkeypatch
):
    monkeypatch.setitem(app.config, "DIRECTORY_PAGE_SIZE", 50)
    for n in range(50):
        make_listing(category=bakeries, plan="standard" if n % 5 == 0 else "free")
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get("/directory/shops/bakeries")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    assert text(response).count('class="listing-card') == 50
    assert len(statements) <= 8, statements


def test_listing_page_links_out_with_rel_by_plan_and_counts_views(client):
    free = make_listing(name="Free Place")
    paid = make_listing(name="Paid Place", plan="standard")
    free_page = text(client.get(f"/listings/{free.slug}", headers=BROWSER))
    assert f'href="/go/{free.id}" rel="nofollow noopener"' in free_page
    paid_page = text(client.get(f"/listings/{paid.slug}", headers=BROWSER))
    assert f'href="/go/{paid.id}" rel="sponsored noopener"' in paid_page
    assert free.contact_email not in free_page
    row = db.session.scalar(
        select(DailyCount).where(
            DailyCount.kind == "listing_view", DailyCount.object_id == free.id
        )
    )
    assert row.count == 1


def test_go_counts_the_click_and_redirects(client):
    listing = make_listing(url="https://target.example/page")
    response = client.get(f"/go/{listing.id}", headers=BROWSER)
    assert response.status_code == 302
    assert response.headers["Location"] == "https://target.example/page"
    client.get(f"/go/{listing.id}", headers={"User-Agent": "Googlebot/2.1"})
    db.session.refresh(listing)
    assert listing.click_count == 1
    pending = make_listing(status="pending")
    assert client.get(f"/go/{pending.id}").status_code == 404


def test_expired_listing_answers_410_and_offers_renewal_to_its_owner(client, login):
    listing = make_listing(plan="standard", status="expired", name="Lapsed Shop")
    response = client.get(f"/listings/{listing.slug}")
    assert response.status_code == 410
    page = text(response)
    assert "This listing has expired" in page and "Renew" not in page
    assert f"/go/{listing.id}" not in page
    assert "Lapsed Shop" not in text(client.get("/directory"))
    login(listing.owner)
    owner_page = text(client.get(f"/listings/{listing.slug}"))
    assert "Renew for 49.00 EUR" in owner_page
    response = client.post(f"/listings/{listing.slug}/renew")
    order = db.session.scalar(select(Order).where(Order.kind == "renewal"))
    assert response.headers["Location"] == f"/orders/{order.reference}"


def test_unreviewed_listing_is_hidden_except_from_owner(client, login, member):
    listing = make_listing(status="pending", name="Secret Shop")
    assert client.get(f"/listings/{listing.slug}").status_code == 404
    login(member)
    assert client.get(f"/listings/{listing.slug}").status_code == 404
    client.post("/auth/logout")
    login(listing.owner)
    page = text(client.get(f"/listings/{listing.slug}"))
    assert "Waiting for review" in page and 'name="robots" content="noindex"' in page


def test_visitors_are_sent_to_register_and_back(client, outbox):
    make_plans()
    response = client.get("/directory/submit?plan=featured")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/register?next=")
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["next"] == ["/directory/submit?plan=featured"]
    registered = client.post(
        response.headers["Location"],
        data={
            "name": "Nell",
            "email": "nell@example.com",
            "password": "long enough pw",
        },
    )
    assert registered.headers["Location"] == "/directory/submit?plan=featured"
    # Listings wait for a confirmed address: the form opens once the link is used.
    assert client.get(registered.headers["Location"]).headers["Location"] == "/account"
    link = re.search(
        r"http://localhost(/auth/confirm-email/\S+)",
        body_of(mail_about(outbox, "Confirm your e-mail address")),
    )
    client.get(link.group(1))
    form = text(client.get(registered.headers["Location"]))
    assert 'value="featured" checked' in form


def test_what_plans_promise_matches_the_links_pages_draw(client):
    for plan in make_plans().values():
        listing = make_listing(plan=plan.code)
        page = text(client.get(f"/listings/{listing.slug}"))
        rel = re.search(rf'href="/go/{listing.id}"[^>]*rel="([^"]+)"', page)[1]
        promise = plan.description.lower()
        if "sponsored" in rel or "nofollow" in rel:
            # A plan may not sell a followed link that the page then marks.
            assert "followed link" not in promise, (plan.code, rel)
        if "sponsored" in rel:
            assert "sponsored" in promise, (plan.code, rel)
