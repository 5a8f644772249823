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
    for _ in range(3):  # not a cacheable read: a stored page is served before limits
        client.get("/api/v1/me")
    assert client.get("/api/v1/me").status_code == 429
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


# One sign-in budget per client, and the per-account slowdown ----------------------

WRONG = {"password": "not the password"}


def html_sign_in(client, email, password):
    return client.post("/auth/login", data={"email": email, "password": password})


def token_sign_in(client, email, password):
    body = {"email": email, "password": password, "name": "script"}
    return client.post("/api/v1/tokens", json=body)


def test_html_login_and_token_endpoint_share_one_budget(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT", "4 per minute")
    for n in range(2):
        assert html_sign_in(client, f"a{n}@example.com", "x").status_code == 422
        assert token_sign_in(client, f"b{n}@example.com", "x").status_code == 401
    assert html_sign_in(client, "c@example.com", "x").status_code == 429
    assert token_sign_in(client, "c@example.com", "x").status_code == 429


def fail(client, email, times):
    return [
        html_sign_in(client, email, "wrong guess").status_code for _ in range(times)
    ]


def test_repeated_failures_slow_down_that_account(app, member, client):
    from myapp.auth import throttle

    assert fail(client, member.email, throttle.FREE_FAILURES) == [422] * 5
    slowed = html_sign_in(client, member.email, "correct horse battery")
    assert slowed.status_code == 429
    assert "Too many failed sign-ins for this account" in slowed.text
    assert int(slowed.headers["Retry-After"]) >= 1
    assert token_sign_in(app.test_client(), member.email, "x").status_code == 429


def test_unknown_emails_are_slowed_down_the_same_way(client):
    fail(client, "nobody@example.com", 5)
    assert html_sign_in(client, "nobody@example.com", "x").status_code == 429


def test_the_slowdown_ends_after_its_delay(app, member, client, monkeypatch):
    from datetime import timedelta

    from myapp.auth import throttle
    from myapp.database import utcnow

    fail(client, member.email, 6)
    later = utcnow() + timedelta(seconds=throttle.MAX_DELAY_SECONDS + 1)
    monkeypatch.setattr(throttle, "utcnow", lambda: later)
    assert html_sign_in(client, member.email, "correct horse battery").status_code == (
        302
    )


def test_an_attacker_cannot_lock_the_owner_out_of_a_known_browser(app, member):
    owners_browser = app.test_client()
    assert (
        html_sign_in(owners_browser, member.email, "correct horse battery").status_code
        == 302
    )
    owners_browser.post("/auth/logout")
    attacker = app.test_client()
    fail(attacker, member.email, 20)
    assert html_sign_in(attacker, member.email, "x").status_code == 429
    response = html_sign_in(owners_browser, member.email, "correct horse battery")
    assert response.status_code == 302


def test_the_delay_is_capped(app, member, client, db):
    from sqlalchemy import select

    from myapp.auth import throttle
    from myapp.auth.models import SignInFailure

    fail(client, member.email, 5)
    row = db.session.scalar(select(SignInFailure))
    row.failures = 10_000
    db.session.commit()
    assert throttle.delay_for(row.failures) == throttle.MAX_DELAY_SECONDS <= 60
