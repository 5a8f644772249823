"""The directory's JSON API: bodies, permissions and problem+json."""

from sqlalchemy import select

from myapp.directory.models import Listing, Order
from myapp.extensions import db
from tests.factories import make_category, make_listing, make_plans


def listing_body(category, **overrides):
    body = {
        "name": "Harbour Books",
        "url": "https://harbour-books.example/",
        "description": "Second-hand books by the harbour, open every day but Monday.",
        "category_id": category.id,
        "plan": "free",
        "email": "hello@harbour-books.example",
        "phone": "+44 20 7946 0000",
        "address": {"street": "1 Quay", "city": "Bristol", "country": "UK"},
    }
    body.update(overrides)
    return body


def test_categories_are_a_tree_with_counts(api, editor):
    shops = make_category("Shops", actor=editor)
    books = make_category("Books", parent=shops, actor=editor)
    make_listing(category=books)
    body = api().get("/categories").get_json()
    assert body["next_cursor"] is None
    [root] = body["items"]
    assert (root["path"], root["listing_count"]) == ("shops", 1)
    assert root["children"][0]["path"] == "shops/books"


def test_category_tree_pages_by_top_level_category(api, editor):
    for name in ("Cafes", "Books", "Arts"):
        make_category(name, actor=editor)
    make_category("Comics", parent=make_category("Shops", actor=editor), actor=editor)
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api().get("/categories", query_string=query).get_json()
        assert len(body["items"]) <= 2
        seen += [(c["path"], len(c["children"])) for c in body["items"]]
        if (cursor := body["next_cursor"]) is None:
            break
    assert seen == [("arts", 0), ("books", 0), ("cafes", 0), ("shops", 1)]
    assert api().get("/categories?limit=101").status_code == 422
    assert api().get("/categories?cursor=forged").status_code == 400


def test_editors_create_categories_members_may_not(api, editor, member):
    response = api(editor).post("/categories", json={"name": "Garden"})
    assert response.status_code == 201 and response.get_json()["path"] == "garden"
    assert api(member).post("/categories", json={"name": "X"}).status_code == 403
    assert api().post("/categories", json={"name": "X"}).status_code == 401
    bad = api(editor).post("/categories", json={"name": "", "parent_id": "x"})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"name", "parent_id"}


def test_category_move_and_delete(api, editor):
    a = make_category("A", actor=editor)
    b = make_category("B", actor=editor)
    moved = api(editor).patch(f"/categories/{b.id}", json={"parent_id": a.id})
    assert moved.get_json()["path"] == "a/b"
    make_listing(category=b)
    refused = api(editor).delete(f"/categories/{b.id}")
    assert refused.status_code == 409 and "move_to" in refused.get_json()["errors"]
    assert api(editor).delete(f"/categories/{b.id}?move_to={a.id}").status_code == 204


def test_plans_list_active_plans(api):
    make_plans()
    items = api().get("/plans").get_json()["items"]
    assert [(p["code"], p["price"], p["price_cents"]) for p in items] == [
        ("free", "0.00", 0),
        ("standard", "49.00", 4900),
        ("featured", "149.00", 14900),
    ]


def test_admin_changes_a_plan_price(api, admin, editor):
    make_plans()
    assert (
        api(editor).patch("/plans/standard", json={"price": "0.01"}).status_code == 403
    )
    response = api(admin).patch("/plans/standard", json={"price": "59.90"})
    assert response.get_json()["price"] == "59.90"
    assert response.get_json()["price_cents"] == 5990
    assert response.get_json()["featured"] is False  # partial: defaults untouched
    number = api(admin).patch("/plans/standard", json={"price": 59})
    assert number.get_json()["price"] == "59.00"  # a JSON number is taken too
    for bad in ("12.505", "-1", "49 EUR", True):
        refused = api(admin).patch("/plans/standard", json={"price": bad})
        assert refused.status_code == 422 and "price" in refused.get_json()["errors"]
    cents = api(admin).patch("/plans/standard", json={"price_cents": 4900})
    assert cents.status_code == 422  # cents are read-only: no unit to guess


def test_member_submits_a_paid_listing_and_gets_its_order(api, member, editor):
    make_plans()
    category = make_category(actor=editor)
    response = api(member).post(
        "/listings", json=listing_body(category, plan="standard")
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "awaiting_payment"
    assert body["order"]["reference"].startswith("LP-")
    assert body["order"]["amount_cents"] == 4900 and body["order"]["currency"] == "EUR"
    assert body["email"] == "hello@harbour-books.example"
    assert body["address"]["city"] == "Bristol"
    assert response.headers["Location"].endswith(f"/api/v1/listings/{body['id']}")


def test_free_submission_has_no_order(api, member, editor):
    make_plans()
    category = make_category(actor=editor)
    body = api(member).post("/listings", json=listing_body(category)).get_json()
    assert body["status"] == "pending" and body["order"] is None


def test_listing_validation_and_unknown_fields(api, member, editor):
    make_plans()
    category = make_category(actor=editor)
    response = api(member).post(
        "/listings",
        json=listing_body(
            category, url="ftp://x", owner_id=1, address={"postcode": "x" * 40}
        ),
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {"url", "owner_id", "address"} <= set(errors)
    wrong_plan = api(member).post("/listings", json=listing_body(category, plan="gold"))
    assert wrong_plan.status_code == 422 and "plan" in wrong_plan.get_json()["errors"]
    no_category = api(member).post(
        "/listings", json=listing_body(category, category_id=999)
    )
    assert no_category.status_code == 422
    assert api().post("/listings", json=listing_body(category)).status_code == 401
    read_only = api(member, scopes=["read"])
    assert read_only.post("/listings", json=listing_body(category)).status_code == 403


def test_duplicate_url_is_a_409_on_url(api, member, editor):
    make_listing(url="https://www.harbour-books.example")
    category = make_category(actor=editor)
    response = api(member).post("/listings", json=listing_body(category))
    assert response.status_code == 409
    assert "url" in response.get_json()["errors"]


def test_public_list_filters_and_hides_private_fields(api, editor):
    books = make_category("Books", actor=editor)
    food = make_category("Food", actor=editor)
    make_listing(category=books, name="Paper Trail", plan="featured")
    make_listing(category=books, name="Ink Well")
    make_listing(category=food, name="Bread Box")
    make_listing(category=books, name="Pending One", status="pending")
    items = api().get("/listings?category=books").get_json()["items"]
    assert [i["name"] for i in items] == ["Paper Trail", "Ink Well"]
    assert "email" not in items[0] and items[0]["featured"] is True
    featured = api().get("/listings?featured=true").get_json()["items"]
    assert [i["name"] for i in featured] == ["Paper Trail"]
    found = api().get("/listings?q=bread").get_json()["items"]
    assert [i["name"] for i in found] == ["Bread Box"]
    assert api().get("/listings?category=nope").status_code == 422
    assert api().get("/listings?limit=500").status_code == 422
    assert api().get("/listings?cursor=garbage").status_code == 400


def test_owners_list_their_own_and_editors_by_status(api, member, editor):
    mine = make_listing(owner=member, status="pending")
    make_listing(status="pending")
    body = api(member).get("/listings?mine=true").get_json()
    assert [i["id"] for i in body["items"]] == [mine.id]
    assert api().get("/listings?mine=true").status_code == 401
    assert api(member).get("/listings?status=pending").status_code == 403
    pending = api(editor).get("/listings?status=pending").get_json()["items"]
    assert len(pending) == 2


def test_get_listing_private_fields_only_for_owner_and_editors(api, member, editor):
    listing = make_listing(owner=member)
    public = api().get(f"/listings/{listing.id}").get_json()
    assert "email" not in public and public["status"] == "approved"
    private = api(member).get(f"/listings/{listing.id}").get_json()
    assert private["email"] == listing.contact_email
    hidden = make_listing(status="pending")
    assert api().get(f"/listings/{hidden.id}").status_code == 404
    assert api(editor).get(f"/listings/{hidden.id}").status_code == 200


def test_patch_by_owner_waits_for_review(api, member):
    listing = make_listing(owner=member, name="Original")
    response = api(member).patch(f"/listings/{listing.id}", json={"name": "Renamed"})
    body = response.get_json()
    assert body["name"] == "Original"
    assert body["pending_changes"] == {"name": ["Original", "Renamed"]}
    other = api(member).patch(f"/listings/{listing.id}", json={"plan": "featured"})
    assert other.get_json()["order"]["kind"] == "upgrade"
    assert other.get_json()["plan"] == "free"


def test_review_actions_and_their_rules(api, editor, member, outbox):
    listing = make_listing(status="pending", owner=member)
    assert api(member).post(f"/listings/{listing.id}/approve").status_code == 403
    approved = api(editor).post(f"/listings/{listing.id}/approve")
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    again = api(editor).post(f"/listings/{listing.id}/approve")
    assert again.status_code == 409
    assert again.get_json()["type"].endswith("/invalid-state")
    no_reason = api(editor).post(f"/listings/{listing.id}/suspend", json={})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    suspended = api(editor).post(
        f"/listings/{listing.id}/suspend", json={"reason": "Malware"}
    )
    assert suspended.get_json()["status_reason"] == "Malware"
    back = api(editor).post(f"/listings/{listing.id}/reinstate")
    assert back.get_json()["status"] == "approved"


def test_renew_creates_an_order_for_the_owner(api, member, editor):
    listing = make_listing(owner=member, plan="standard")
    response = api(member).post(f"/listings/{listing.id}/renew", json={})
    assert response.status_code == 201
    assert response.get_json()["kind"] == "renewal"
    free = make_listing(owner=member)
    refused = api(member).post(f"/listings/{free.id}/renew", json={})
    assert refused.status_code == 409
    upgrade = api(member).post(f"/listings/{free.id}/renew", json={"plan": "standard"})
    assert upgrade.get_json()["kind"] == "upgrade"
    other = make_listing(plan="standard")
    assert api(member).post(f"/listings/{other.id}/renew", json={}).status_code == 403


def test_orders_for_owners_and_admins(api, member, admin):
    make_listing(owner=member, plan="standard", status="awaiting_payment")
    make_listing(plan="featured", status="awaiting_payment")
    assert len(api(member).get("/orders").get_json()["items"]) == 1
    assert len(api(admin).get("/orders?status=unpaid").get_json()["items"]) == 2
    assert api(admin).get("/orders?status=bogus").status_code == 422
    mine = db.session.scalar(select(Order).where(Order.user_id == member.id))
    assert api(member).post(f"/orders/{mine.id}/mark-paid", json={}).status_code == 403
    paid = api(admin).post(f"/orders/{mine.id}/mark-paid", json={"note": "cash"})
    assert paid.get_json()["status"] == "paid" and paid.get_json()["note"] == "cash"
    listing = db.session.get(Listing, mine.listing_id)
    assert listing.status == "pending"
    twice = api(admin).post(f"/orders/{mine.id}/mark-paid", json={})
    assert twice.status_code == 409


def test_edit_decisions_over_the_api(api, editor, member):
    listing = make_listing(owner=member)
    flat = api(member).patch(f"/listings/{listing.id}", json={"city": "Leeds"})
    assert flat.status_code == 422 and "city" in flat.get_json()["errors"]
    api(member).patch(f"/listings/{listing.id}", json={"address": {"city": "Leeds"}})
    from myapp.directory.models import ListingRevision

    revision = db.session.scalar(select(ListingRevision))
    response = api(editor).post(f"/edits/{revision.id}/approve")
    assert response.get_json()["status"] == "approved"
    assert response.get_json()["changes"] == {"city": [None, "Leeds"]}
    db.session.refresh(listing)
    assert listing.city == "Leeds"


def test_api_submissions_are_rate_limited(api, member, editor, app, monkeypatch):
    make_plans()
    category = make_category(actor=editor)
    client = api(member)
    monkeypatch.setitem(app.config, "SUBMISSION_RATE_LIMIT", "1 per minute")
    first = client.post("/listings", json=listing_body(category))
    second = client.post(
        "/listings", json=listing_body(category, url="https://other.example/")
    )
    assert first.status_code == 201
    assert second.status_code == 429
    assert second.mimetype == "application/problem+json"


def test_plans_page_in_display_order(api):
    make_plans()
    first = api().get("/plans?limit=2").get_json()
    assert [p["code"] for p in first["items"]] == ["free", "standard"]
    rest = api().get("/plans", query_string={"cursor": first["next_cursor"]})
    assert [p["code"] for p in rest.get_json()["items"]] == ["featured"]
    assert rest.get_json()["next_cursor"] is None
