"""Directory pages as editors and admins see them: queue, orders, categories, plans."""

import re
from datetime import timedelta

from sqlalchemy import select

from myapp.database import utcnow
from myapp.directory.models import ListingRevision, Order
from myapp.extensions import db
from tests.factories import body_of, mail_about, make_category, make_listing, make_plans
from tests.pages import text


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
    from myapp.directory.listings import services as listings

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
    # The menu counts what waits for a review decision (one edit), not the
    # broken link and the unpaid order, which have their own lists.
    listings_link = nav[nav.index('href="/admin/listings"') :].split("</li>")[0]
    assert re.search(r'class="count"[^>]*>1<', listings_link)
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
    make_listing(category=plumbers, status="pending")
    page = text(client.get(f"/admin/categories/{plumbers.id}"))
    # The delete form knows the listings are there and asks where they go.
    assert "Move its 2 listings to" in page and "none to move" not in page
    unconfirmed = client.post(
        f"/admin/categories/{plumbers.id}/delete", data={"move_to": str(parent.id)}
    )
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm the delete." in text(unconfirmed)
    assert f'<option value="{parent.id}" selected' in text(unconfirmed)
    refused = client.post(
        f"/admin/categories/{plumbers.id}/delete", data={"confirm": "1"}
    )
    assert refused.status_code == 422, text(refused)[-3000:]
    assert "2 listings filed here: choose where to move them." in text(refused)
    done = client.post(
        f"/admin/categories/{plumbers.id}/delete",
        data={"move_to": str(parent.id), "confirm": "1"},
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
        "price": "59.00",
        "currency": "EUR",
        "active": "1",
        "priority_review": "1",
        "duration_days": "365",
    }
    assert client.post("/admin/plans/standard", data=form).status_code == 302
    assert "59.00 EUR" in text(client.get("/admin/plans"))
    bad = client.post("/admin/plans/standard", data={**form, "price": "12.505"})
    assert bad.status_code == 422 and 'id="price-error"' in text(bad)
    assert "Enter an amount such as 49.00" in text(bad)
    assert 'value="12.505"' in text(bad)  # what was typed stays
    assert client.get("/admin/plans/gold").status_code == 404
