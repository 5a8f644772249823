"""Smaller leaks: duplicate-URL conflicts, caching of personal pages, the
webhook's own rate budget, one sign-in budget and the per-account slowdown."""

import pytest

from tests.factories import make_category, make_listing, make_plans

SECRET_NAME = "Stealth Launch Project"


def listing_body(category, url, **extra):
    return {
        "name": "Copycat",
        "url": url,
        "description": "A fine place that does useful things for its customers.",
        "category_id": category.id,
        "plan": "free",
        "email": "copy@example.com",
        **extra,
    }


@pytest.mark.parametrize("status", ["pending", "awaiting_payment", "rejected"])
def test_duplicate_url_409_does_not_name_an_unpublished_listing(
    api, member, editor, status
):
    plan = "standard" if status == "awaiting_payment" else "free"
    make_listing(
        name=SECRET_NAME, url="https://stealth.example.com/", status=status, plan=plan
    )
    category = make_category(actor=editor)
    response = api(member).post(
        "/listings", json=listing_body(category, "https://stealth.example.com/")
    )
    if status == "rejected":  # a rejected site may be submitted again
        assert response.status_code == 201
        return
    assert response.status_code == 409
    assert SECRET_NAME not in response.get_data(as_text=True)
    assert response.get_json()["errors"]["url"]


def test_duplicate_url_409_names_a_public_listing_or_my_own(api, member, editor):
    make_listing(name="Public Bakery", url="https://bakery.example.com/")
    make_listing(
        owner=member, name="My Draft", url="https://mine.example.com/", status="pending"
    )
    category = make_category(actor=editor)
    public = api(member).post(
        "/listings", json=listing_body(category, "https://bakery.example.com/")
    )
    mine = api(member).post(
        "/listings", json=listing_body(category, "https://mine.example.com/")
    )
    assert public.status_code == mine.status_code == 409
    assert "Public Bakery" in public.get_json()["detail"]
    assert "My Draft" in mine.get_json()["detail"]


def test_html_submission_shows_the_same_vague_conflict(client, login, member):
    make_plans()
    make_listing(name=SECRET_NAME, url="https://stealth.example.com/", status="pending")
    login(member)
    response = client.post(
        "/directory/submit",
        data={
            **listing_body(make_category(), "https://stealth.example.com/"),
            "terms": "1",
        },
    )
    assert response.status_code in (409, 422)
    assert "This site is already in the directory." in response.text
    assert SECRET_NAME not in response.text


# Cache-Control on personal pages -------------------------------------------------

NO_STORE = "private, no-store"


@pytest.mark.parametrize(
    "path", ["/account", "/admin", "/admin/stats/traffic.csv", "/admin/users", "/"]
)
def test_personal_pages_are_never_stored(client, login, admin, path):
    login(admin)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == NO_STORE


def test_the_sign_in_redirect_of_a_personal_page_is_not_stored(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == NO_STORE


def test_anonymous_public_pages_are_left_to_the_page_cache(client):
    response = client.get("/")
    assert "no-store" not in response.headers.get("Cache-Control", "")


# The payment webhook's own budget --------------------------------------------------


@pytest.fixture
def unpaid_order(db):
    from sqlalchemy import select

    from myapp.directory.models import Order

    make_listing(plan="standard", status="awaiting_payment")
    return db.session.scalar(select(Order))


def test_webhook_does_not_share_the_anonymous_api_budget(
    app, client, monkeypatch, unpaid_order
):
    from tests.test_directory_payments import deliver, paid_event

    monkeypatch.setitem(app.config, "API_ANON_RATE_LIMIT", "2 per minute")
    for _ in range(3):
        client.get("/api/v1/plans")
    assert client.get("/api/v1/plans").status_code == 429
    statuses = [
        deliver(client, paid_event(unpaid_order, f"evt_{n}")).status_code
        for n in range(4)
    ]
    assert 429 not in statuses and statuses[0] == 200


def test_webhook_checks_the_signature_before_its_budget(
    app, client, monkeypatch, unpaid_order
):
    from tests.test_directory_payments import deliver, paid_event

    monkeypatch.setitem(app.config, "PAYMENT_WEBHOOK_RATE_LIMIT", "2 per minute")
    event = paid_event(unpaid_order)
    forged = [deliver(client, event, secret="wrong").status_code for _ in range(5)]
    assert forged == [400] * 5
    signed = [
        deliver(client, paid_event(unpaid_order, f"evt_{n}")).status_code
        for n in range(3)
    ]
    assert signed[:2] == [200, 200] and signed[2] == 429
    assert deliver(client, event, secret="wrong").status_code == 400
