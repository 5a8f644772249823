"""Directory pages as a member sees them: submit, edit, upgrade, e-mails."""

from sqlalchemy import select

from myapp.directory.models import Listing, ListingRevision, Order
from myapp.extensions import db
from tests.factories import body_of, mail_about, make_listing, make_plans
from tests.pages import text


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


def test_submissions_are_rate_limited_per_client(
    client, login, member, bakeries, app, monkeypatch
):
    make_plans()
    login(member)
    monkeypatch.setitem(app.config, "SUBMISSION_RATE_LIMIT", "1 per minute")
    first = client.post("/directory/submit", data=submission(bakeries))
    second = client.post(
        "/directory/submit",
        data=submission(bakeries, url="https://another-bakery.example/"),
    )
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
    client.post(f"/admin/listings/{listing.id}/reinstate")
    body = body_of(mail_about(outbox, "is listed again"))
    assert "suspension has been lifted" in body and f"/listings/{listing.slug}" in body


def test_a_cancelled_renewal_is_explained_to_its_member(client, login, admin, outbox):
    listing = make_listing(plan="standard")
    login(listing.owner)
    client.post(f"/listings/{listing.slug}/renew")
    order = db.session.scalars(select(Order).order_by(Order.id.desc())).first()
    assert order.kind == "renewal"
    login(admin)
    client.post(f"/admin/orders/{order.id}/cancel", data={"reason": "Paid twice"})
    body = body_of(mail_about(outbox, f"Order {order.reference} was cancelled"))
    assert "Paid twice" in body and "49.00 EUR" in body


def test_upgrade_form_chooses_nothing_for_the_owner(client, login):
    listing = make_listing(plan="free")
    login(listing.owner)
    page = text(client.get(f"/listings/{listing.slug}/upgrade"))
    assert "checked" not in page
    refused = client.post(f"/listings/{listing.slug}/upgrade", data={})
    assert refused.status_code == 422 and "Choose one of the plans" in text(refused)
    assert db.session.scalar(select(Order)) is None


def test_upgrade_order_page_says_when_the_plan_changes(client, login):
    listing = make_listing(plan="free")
    login(listing.owner)
    response = client.post(
        f"/listings/{listing.slug}/upgrade", data={"plan": "featured"}
    )
    page = text(client.get(response.headers["Location"]))
    assert "Once the payment is recorded, your listing moves to the Featured" in page
    assert "at once" not in page


def test_add_your_site_from_a_category_starts_with_that_category(
    client, login, member, bakeries
):
    make_plans()
    category_page = text(client.get(f"/directory/{bakeries.path}"))
    assert f"/directory/submit?category={bakeries.id}" in category_page
    login(member)
    form = text(client.get(f"/directory/submit?category={bakeries.id}"))
    assert f'<option value="{bakeries.id}" selected' in form


def test_an_address_without_https_is_taken_and_messages_speak_plainly(
    client, login, member, bakeries
):
    make_plans()
    login(member)
    blank = client.post("/directory/submit", data=submission(bakeries, name=""))
    assert blank.status_code == 422
    page = text(blank)
    assert "Required." in page and "Length must be between" not in page
    response = client.post(
        "/directory/submit", data=submission(bakeries, url="walkersbakery.example")
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Listing)).url == "https://walkersbakery.example"
