"""Directory pages as a reader, a member and an editor see them."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event, select

from myapp.database import utcnow
from myapp.directory.models import Listing, ListingRevision, Order
from myapp.extensions import db
from myapp.stats.models import DailyCount
from tests.factories import body_of, mail_about, make_category, make_listing, make_plans

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def text(response):
    return response.get_data(as_text=True)


def names_in_order(html, names):
    return sorted(names, key=lambda name: html.index(name))


@pytest.fixture
def bakeries(editor):
    shops = make_category("Shops", actor=editor)
    return make_category("Bakeries", parent=shops, actor=editor)


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


def test_category_pages_paginate_without_repeats(client, bakeries, app):
    app.config["DIRECTORY_PAGE_SIZE"] = 2
    try:
        made = {make_listing(category=bakeries).name for _ in range(5)}
        seen, url = [], "/directory/shops/bakeries"
        while url:
            page = text(client.get(url))
            seen += re.findall(r'href="/listings/[^"]+">(Listing \d+)</a>', page)
            more = re.search(r'rel="next" href="([^"]+)"', page)
            url = more.group(1).replace("&amp;", "&") if more else None
        assert sorted(seen) == sorted(made)
    finally:
        app.config["DIRECTORY_PAGE_SIZE"] = 20


def test_unknown_category_is_404(client):
    assert client.get("/directory/nowhere/at-all").status_code == 404


def test_category_page_with_50_listings_uses_few_queries(client, bakeries, app):
    app.config["DIRECTORY_PAGE_SIZE"] = 50
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
        app.config["DIRECTORY_PAGE_SIZE"] = 20
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


def test_visitors_are_sent_to_register_and_back(client):
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
    form = text(client.get(registered.headers["Location"]))
    assert 'value="featured" checked' in form


def submission(category, **overrides):
    data = {
        "plan": "free",
        "name": "Corner Bakery",
        "url": "https://corner-bakery.example/",
        "description": "Sourdough, rye and pastries baked every morning since 1998.",
        "category_id": str(category.id),
        "email": "shop@corner-bakery.example",
        "phone": "+32 9 123 45 67",
        "address.street": "Hoogstraat 1",
        "address.postcode": "9000",
        "address.city": "Ghent",
        "address.country": "Belgium",
        "terms": "1",
    }
    data.update(overrides)
    return data


def test_member_submits_a_free_listing(client, login, member, bakeries, outbox):
    make_plans()
    login(member)
    response = client.post("/directory/submit", data=submission(bakeries))
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/listings"
    listing = db.session.scalar(select(Listing))
    assert (listing.status, listing.city, listing.owner_id) == (
        "pending",
        "Ghent",
        member.id,
    )
    assert listing.contact_email == "shop@corner-bakery.example"
    assert "Corner Bakery" in text(client.get("/account/listings"))
    assert mail_about(outbox, "We received your listing")


def test_paid_submission_shows_how_to_pay(client, login, member, bakeries, outbox):
    make_plans()
    login(member)
    response = client.post(
        "/directory/submit", data=submission(bakeries, plan="featured")
    )
    order = db.session.scalar(select(Order))
    assert response.headers["Location"] == f"/orders/{order.reference}"
    page = text(client.get(response.headers["Location"]))
    assert "149.00 EUR" in page and order.reference in page
    assert "IBAN" in page and "What happens next" in page
    body = body_of(mail_about(outbox, "We received your listing"))
    assert order.reference in body and "IBAN" in body


def test_submission_errors_come_back_beside_fields_with_values(
    client, login, member, bakeries
):
    make_plans()
    login(member)
    response = client.post(
        "/directory/submit",
        data=submission(
            bakeries,
            url="not a url",
            description="short",
            terms="",
            **{"address.postcode": "x" * 30},
        ),
    )
    assert response.status_code == 422
    page = text(response)
    for field in ("url", "description", "terms", "address.postcode"):
        assert f'id="{field}-error"' in page, field
    assert 'value="Corner Bakery"' in page and "Ghent" in page


def test_submission_with_nonsense_ids_is_422_not_500(client, login, member, bakeries):
    make_plans()
    login(member)
    for bad in ({"category_id": "abc"}, {"category_id": "99999"}, {"plan": "gold"}):
        response = client.post("/directory/submit", data=submission(bakeries, **bad))
        assert response.status_code == 422, bad
    assert client.post("/directory/submit", data={}).status_code == 422


def test_duplicate_site_is_refused_beside_the_url(client, login, member, bakeries):
    make_listing(url="https://www.corner-bakery.example")
    login(member)
    response = client.post("/directory/submit", data=submission(bakeries))
    assert response.status_code == 422
    assert 'id="url-error"' in text(response) and "already in the directory" in text(
        response
    )


def test_owner_edit_of_live_listing_waits_and_page_is_unchanged(client, login):
    listing = make_listing(name="Steady Name")
    login(listing.owner)
    form = {
        "name": "Shiny New Name",
        "url": listing.url,
        "description": listing.description,
        "category_id": str(listing.category_id),
        "email": listing.contact_email,
    }
    response = client.post(f"/listings/{listing.slug}/edit", data=form)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"], follow_redirects=True))
    assert "Steady Name" in page and "wait for review" in page
    assert (
        db.session.scalar(select(ListingRevision)).diff["name"][1] == "Shiny New Name"
    )


def test_editors_review_queue_and_decisions(client, login, editor, outbox):
    waiting = make_listing(status="pending", name="Waiting Shop")
    other = make_listing(status="pending", name="Other Shop")
    login(editor)
    page = text(client.get("/admin/listings"))
    assert "Waiting Shop" in page and "Other Shop" in page
    response = client.post(f"/admin/listings/{waiting.id}/reject", data={"reason": ""})
    assert response.status_code == 422 and 'id="reason-error"' in text(response)
    response = client.post(
        f"/admin/listings/{waiting.id}/reject", data={"reason": "Parked domain"}
    )
    assert response.status_code == 302
    db.session.refresh(waiting)
    assert waiting.status == "rejected" and waiting.status_reason == "Parked domain"
    assert "Parked domain" in body_of(mail_about(outbox, "was not accepted"))
    response = client.post(
        "/admin/listings/bulk", data={"ids": [str(other.id)], "action": "approve"}
    )
    assert response.status_code == 302
    db.session.refresh(other)
    assert other.status == "approved"
    assert client.post(f"/admin/listings/{other.id}/approve").status_code == 422


def test_bulk_without_ticks_or_reason_is_422(client, login, editor):
    listing = make_listing(status="pending")
    login(editor)
    assert (
        client.post("/admin/listings/bulk", data={"action": "approve"}).status_code
        == 422
    )
    response = client.post(
        "/admin/listings/bulk", data={"ids": [str(listing.id)], "action": "reject"}
    )
    assert response.status_code == 422 and "Give a reason" in text(response)


def test_members_cannot_see_the_queue(client, login, member):
    login(member)
    assert client.get("/admin/listings").status_code == 403
    assert client.get("/admin/orders").status_code == 403


def test_queue_shows_diffs_broken_links_and_old_orders(client, login, admin):
    live = make_listing(name="Live Shop")
    from myapp.directory.services import listings

    listings.update_listing(live.owner, live, {"city": "Bruges"})
    broken = make_listing(name="Broken Shop")
    broken.link_status, broken.link_failures, broken.link_error = (
        "broken",
        3,
        "HTTP 500",
    )
    make_listing(plan="standard", status="awaiting_payment", name="Unpaid Shop")
    db.session.scalar(select(Order)).created_at = utcnow() - timedelta(days=9)
    db.session.commit()
    login(admin)
    page = text(client.get("/admin/listings"))
    assert "Bruges" in page and "<ins>" in page
    assert "Broken Shop" in page and "HTTP 500" in page
    assert "Unpaid Shop" in page
    nav = page[page.index('class="admin-nav"') :]
    assert re.search(r'class="count"[^>]*>3<', nav)
    revision = db.session.scalar(select(ListingRevision))
    client.post(f"/admin/edits/{revision.id}/approve", data={"back": "queue"})
    db.session.refresh(live)
    assert live.city == "Bruges"


def test_admin_marks_an_order_paid_with_a_note(client, login, admin):
    listing = make_listing(plan="standard", status="awaiting_payment")
    order = db.session.scalar(select(Order))
    login(admin)
    page = text(client.get("/admin/orders?status=unpaid"))
    assert order.reference in page
    response = client.post(
        f"/admin/orders/{order.id}/mark-paid",
        data={"note": "Transfer 2026-11-20", "next": "/admin/orders?status=unpaid"},
    )
    assert response.headers["Location"] == "/admin/orders?status=unpaid"
    db.session.refresh(order)
    db.session.refresh(listing)
    assert (order.status, order.note, listing.status) == (
        "paid",
        "Transfer 2026-11-20",
        "pending",
    )
    assert f'id="order-{order.id}"' not in text(
        client.get("/admin/orders?status=unpaid")
    )
    assert f'id="order-{order.id}"' in text(client.get("/admin/orders?status=paid"))


def test_owner_sees_own_orders_only(client, login, member):
    theirs = make_listing(plan="standard", status="awaiting_payment")
    order = db.session.scalar(select(Order))
    login(member)
    assert client.get(f"/orders/{order.reference}").status_code == 404
    assert order.reference not in text(client.get("/account/orders"))
    client.post("/auth/logout")
    login(theirs.owner)
    assert order.reference in text(client.get("/account/orders"))


def test_account_page_links_to_listings_and_orders(client, login, member):
    login(member)
    page = text(client.get("/account"))
    assert 'href="/account/listings"' in page and 'href="/account/orders"' in page


def test_editor_manages_categories(client, login, editor):
    login(editor)
    response = client.post(
        "/admin/categories", data={"name": "Services", "parent_id": ""}
    )
    assert response.status_code == 302
    parent = make_category("Trades", actor=editor)
    response = client.post(
        "/admin/categories", data={"name": "Plumbers", "parent_id": str(parent.id)}
    )
    assert response.status_code == 302
    page = text(client.get("/admin/categories"))
    assert "/directory/trades/plumbers" in page
    bad = client.post("/admin/categories", data={"name": "", "slug": "Bad Slug!"})
    assert bad.status_code == 422 and 'id="slug-error"' in text(bad)
    from myapp.directory.models import Category

    plumbers = db.session.scalar(select(Category).where(Category.slug == "plumbers"))
    moved = client.post(f"/admin/categories/{plumbers.id}", data={"parent_id": ""})
    assert moved.status_code == 302
    db.session.refresh(plumbers)
    assert plumbers.path == "plumbers"
    make_listing(category=plumbers)
    refused = client.post(f"/admin/categories/{plumbers.id}/delete", data={})
    assert refused.status_code == 422, text(refused)[-3000:]
    assert "move them to" in text(refused)
    done = client.post(
        f"/admin/categories/{plumbers.id}/delete", data={"move_to": str(parent.id)}
    )
    assert done.status_code == 302


def test_admin_edits_a_plan_and_bad_input_is_422(client, login, admin, editor):
    make_plans()
    login(editor)
    assert client.get("/admin/plans").status_code == 403
    client.post("/auth/logout")
    login(admin)
    form = {
        "name": "Standard",
        "price_cents": "5900",
        "currency": "EUR",
        "active": "1",
        "priority_review": "1",
        "duration_days": "365",
    }
    assert client.post("/admin/plans/standard", data=form).status_code == 302
    assert "59.00 EUR" in text(client.get("/admin/plans"))
    bad = client.post("/admin/plans/standard", data={**form, "price_cents": "12.5"})
    assert bad.status_code == 422 and 'id="price_cents-error"' in text(bad)
    assert client.get("/admin/plans/gold").status_code == 404


def test_upgrade_page_orders_a_better_plan(client, login):
    listing = make_listing(plan="free")
    login(listing.owner)
    page = text(client.get(f"/listings/{listing.slug}/upgrade"))
    assert 'value="standard"' in page and 'value="featured"' in page
    response = client.post(
        f"/listings/{listing.slug}/upgrade", data={"plan": "featured"}
    )
    order = db.session.scalar(select(Order))
    assert response.headers["Location"] == f"/orders/{order.reference}"
    assert order.kind == "upgrade" and order.amount_cents == 14900
    bad = client.post(f"/listings/{listing.slug}/upgrade", data={"plan": "free"})
    assert bad.status_code == 422


def test_submissions_are_rate_limited_per_client(client, login, member, bakeries, app):
    make_plans()
    login(member)
    app.config["SUBMISSION_RATE_LIMIT"] = "1 per minute"
    try:
        first = client.post("/directory/submit", data=submission(bakeries))
        second = client.post(
            "/directory/submit",
            data=submission(bakeries, url="https://another-bakery.example/"),
        )
    finally:
        app.config["SUBMISSION_RATE_LIMIT"] = "10000 per minute"
    assert first.status_code == 302
    assert second.status_code == 429 and "Retry-After" in second.headers
    assert client.get("/directory/submit").status_code == 200  # reading is free


def test_owner_is_told_by_mail_at_each_step(client, login, editor, outbox):
    listing = make_listing(status="pending", name="Mail Shop")
    login(editor)
    client.post(f"/admin/listings/{listing.id}/approve")
    body = body_of(mail_about(outbox, "is now listed"))
    assert f"/listings/{listing.slug}" in body
    client.post(f"/admin/listings/{listing.id}/suspend", data={"reason": "Spam links"})
    assert "Spam links" in body_of(mail_about(outbox, "has been suspended"))
